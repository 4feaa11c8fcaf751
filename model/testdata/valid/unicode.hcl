# Labels in Japanese, with quotes and markup: all valid.

sector "energy" {
  label = "エネルギー"
}

sector "telecom" {
  label = "情報通信 \"ICT\" <b>&amp;</b>"
}

organization "東京電力" {
  label   = "東京電力パワーグリッド株式会社"
  country = "JP"
}

asset "変電所" {
  sector   = sector.energy
  operator = organization.東京電力
  label    = "新宿変電所 'Shinjuku' <script>alert(1)</script>"
  tags     = ["重要", "🔌"]
  region   = "関東"
  depends_on = [asset.交換局]
}

asset "交換局" {
  sector     = sector.telecom
  label      = "大手町交換局 \\ ${"\u00e9"} %%{"
  depends_on = [asset.変電所]
}

scenario "地震" {
  label = "首都直下地震"
  event "揺れ" {
    select {
      region = ["関東"]
    }
  }
}
