# Finance and card payments.
#
# - BOJ-NET runs from the Bank of Japan's system centre in Fuchu, Tokyo, with a
#   system backup centre in Osaka (Bank of Japan Osaka Branch, "災害時の拠点として
#   の役割", https://www3.boj.or.jp/osaka/about/about-bcp.html). The Zengin data
#   telecommunication system has centres in Tokyo and Osaka (Japanese Wikipedia,
#   "全国銀行データ通信システム", February 2009 revision; not checked against the
#   Zengin-Net's own pages).
# - The two megabanks are FICTIONAL; their backup times are assumptions.

asset "kansai_grid" {
  sector  = sector.electric_power
  label   = "Kansai grid (60 Hz, outside the quake zone)"
  region  = "kansai"
  country = "JP"
}

asset "boj_net_tokyo" {
  sector     = sector.finance
  label      = "BOJ-NET main centre (Tokyo)"
  operator   = organization.boj
  region     = "chiyoda"
  backup     = "3d" # (assumption)
  depends_on = [asset.chiyoda_ss, asset.ntt_otemachi]
}

asset "boj_net_osaka" {
  sector     = sector.finance
  label      = "BOJ-NET backup centre (Osaka area)"
  operator   = organization.boj
  region     = "kansai"
  depends_on = [asset.kansai_grid]
}

asset "boj_net" {
  sector   = sector.finance
  label    = "BOJ-NET funds settlement"
  operator = organization.boj
  region   = "chiyoda"
  weight   = 3
  needs "centre" {
    requires   = "any"
    depends_on = [asset.boj_net_tokyo, asset.boj_net_osaka]
  }
}

asset "zengin_tokyo" {
  sector     = sector.finance
  label      = "Zengin system Tokyo centre"
  operator   = organization.zengin
  region     = "chiyoda"
  backup     = "3d" # (assumption)
  depends_on = [asset.chiyoda_ss, asset.ntt_otemachi]
}

asset "zengin_osaka" {
  sector     = sector.finance
  label      = "Zengin system Osaka centre"
  operator   = organization.zengin
  region     = "kansai"
  depends_on = [asset.kansai_grid]
}

asset "zengin_net" {
  sector   = sector.finance
  label    = "Zengin interbank transfers"
  operator = organization.zengin
  region   = "chiyoda"
  weight   = 3
  needs "centre" {
    requires   = "any"
    depends_on = [asset.zengin_tokyo, asset.zengin_osaka]
  }
  dependency {
    on = asset.boj_net # net settlement at the Bank of Japan
  }
}

asset "bank_a_core" {
  sector     = sector.finance
  label      = "Megabank A core banking centre"
  operator   = organization.bank_a
  region     = "tama"
  backup     = "3d" # (assumption)
  depends_on = [asset.tama_ss, asset.ntt_otemachi]
  dependency {
    on = asset.zengin_net
  }
}

asset "bank_b_core" {
  sector     = sector.finance
  label      = "Megabank B core banking centre"
  operator   = organization.bank_b
  region     = "chiba"
  backup     = "3d" # (assumption)
  depends_on = [asset.chiba_ss, asset.ntt_chiba_exchange]
  dependency {
    on = asset.zengin_net
  }
}

asset "atm_network" {
  sector  = sector.finance
  label   = "ATMs in the Games area"
  region  = "bay"
  country = "JP"
  weight  = 0.5
  needs "bank" {
    requires   = "any"
    depends_on = [asset.bank_a_core, asset.bank_b_core]
  }
  depends_on = [asset.minato_ss, asset.ntt_bay_exchange]
}

asset "card_auth" {
  sector   = sector.credit_card
  label    = "Card authorisation network"
  operator = organization.card_net
  region   = "chiba"
  weight   = 2
  dependency {
    on = asset.cloud_tokyo
  }
  needs "issuer" {
    requires   = "any"
    depends_on = [asset.bank_a_core, asset.bank_b_core]
  }
}

asset "venue_payments" {
  sector     = sector.credit_card
  label      = "Card payments at venues and the village"
  operator   = organization.card_net
  region     = "bay"
  depends_on = [asset.card_auth]
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_bay_exchange, asset.mobile_bay]
  }
}
