# Financial messaging and settlement across the Pacific.
#
# - CLS settles foreign-exchange trades payment-versus-payment in 18 currencies,
#   including the U.S. dollar and the yen, holding an account at each currency's
#   central bank and settling through their RTGS systems -- Fedwire Funds for
#   USD, BOJ-NET for JPY (CLS Group, "How CLS works",
#   https://www.cls-group.com/china/%E5%88%B6%E5%93%81/%E6%B2%89%E9%99%8D/clssettlement/how-cls-works/;
#   Banque de France, "Focus on the CLS settlement system", December 2018, for
#   the 18 currencies).
# - BOJ-NET runs from the Bank of Japan's system centre in Tokyo with a backup
#   centre in Osaka (Bank of Japan Osaka Branch, https://www3.boj.or.jp/osaka/about/about-bcp.html).
# - A Japanese bank's dollar payments go through a U.S. correspondent and are
#   instructed over SWIFT (assumption of a typical arrangement).

asset "fedwire" {
  repair   = "4h" # Fedwire Funds stopped for several hours on 24 February 2021 after an operational error (Federal Reserve statements; as recalled, the hours not confirmed)
  sector   = sector.financial_services
  label    = "Fedwire Funds Service"
  operator = organization.fed
  region   = "us_east"
}

asset "boj_net" {
  sector   = sector.financial_services
  label    = "BOJ-NET"
  operator = organization.boj
  region   = "kanto"
  weight   = 2
  needs "centre" {
    requires   = "any"
    backup     = "3d" # generators at the Tokyo centre (assumption)
    depends_on = [asset.tepco_grid, asset.kansai_grid]
  }
}

asset "swift_net" {
  sector   = sector.financial_services
  label    = "SWIFT messaging"
  operator = organization.swift
  region   = "global"
}

asset "cls_settlement" {
  sector     = sector.financial_services
  label      = "CLS settlement (USD/JPY legs)"
  operator   = organization.cls
  region     = "new_york"
  weight     = 2
  depends_on = [asset.fedwire, asset.boj_net, asset.swift_net]
}

asset "us_correspondent" {
  sector     = sector.financial_services
  label      = "U.S. correspondent bank dollar clearing"
  operator   = organization.us_bank
  region     = "new_york"
  depends_on = [asset.fedwire, asset.swift_net]
  # 10 days: after NotPetya (27 June 2017) Maersk rebuilt its network -- about
  # 4,000 servers and 45,000 PCs -- in about ten days (its chairman at the World
  # Economic Forum, January 2018; as recalled, unconfirmed).
  recover = "10d"
  needs "remote_access" {
    backup = "30d" # (assumption, as for the Tokyo backbone)
    dependency {
      on    = asset.vpn_product
      kind  = "cyber"
      delay = "0s" # the first wave of the campaign (intrusion.hcl)
    }
  }
}

asset "jp_bank_usd" {
  sector     = sector.financial_services
  label      = "Megabank dollar payments"
  operator   = organization.jp_bank
  region     = "kanto"
  depends_on = [asset.us_correspondent, asset.swift_net]
  needs "network" {
    requires   = "any" # SWIFT connectivity over the cables or through Europe (assumption)
    depends_on = [asset.transpacific, asset.ntt_tokyo_backbone]
  }
}

asset "jp_bank_fx" {
  sector     = sector.financial_services
  label      = "Megabank FX settlement"
  operator   = organization.jp_bank
  region     = "kanto"
  depends_on = [asset.cls_settlement]
}

asset "jp_bank_trading" {
  sector     = sector.financial_services
  label      = "Megabank trading systems (GPS-timestamped)"
  operator   = organization.jp_bank
  region     = "kanto"
  backup     = "3d"  # (assumption)
  recover    = "12h" # receivers back to the right time when GPS is (timing.hcl)
  depends_on = [asset.tepco_grid]
  dependency {
    on   = asset.gps_constellation # trade timestamps from GPS receivers
    kind = "cyber"
  }
}
