# Information and communication: NTT East exchanges, NTT DOCOMO's mobile network,
# the Inzai data-centre campus and cloud region, and the fictional managed service
# provider (MSP) whose remote management tool carries the ransomware.
#
# Figures:
# - Mobile base stations: about 3 hours of battery. NTT DOCOMO said its base
#   stations' batteries normally last about 3 hours and that many ran out in the
#   long blackout after 11 March 2011 (NHK, "ドコモ 停電対策で基地局強化へ", 27
#   April 2011). Its president put it at 1 to 3 hours (Nikkei ITpro, 30 March 2011,
#   http://itpro.nikkeibp.co.jp/article/NEWS/20110330/358932/); DOCOMO's outdoor
#   stations then had 3-, 10- or 24-hour batteries, and some stopped 3 to 10 hours
#   after the power cut (Nikkei ITpro, 28 April 2011,
#   http://itpro.nikkeibp.co.jp/pc/article/news/20110428/1031602/). About 29,000
#   base stations of all mobile operators stopped at the peak, mostly when
#   batteries ran down (Ministry of Internal Affairs and Communications, White
#   Paper on Information and Communications in Japan 2011,
#   https://www.soumu.go.jp/johotsusintokei/whitepaper/ja/h23/html/nc111100.html;
#   MIC Telecommunications Bureau, "東日本大震災における通信の被災状況、復旧等に
#   関する取組状況", 29 September 2011). 3 h below.
# - Large-zone base stations: under its "新たな災害対策" (new disaster
#   countermeasures, announced 28 April 2011) NTT DOCOMO set up large-zone base
#   stations (radius about 7 km, uninterruptible power, two transmission routes)
#   and gave about 1,900 base stations covering prefectural and municipal offices
#   and disaster base hospitals generators or 24-hour batteries, so that those
#   offices keep service for at least 24 hours (NTT DOCOMO, Chugoku region notice
#   of February 2012, https://www.docomo.ne.jp/info/notice/chugoku/page/120223_00.html;
#   Nikkei ITpro, 28 April 2011). 24 h below is that "at least 24 hours"; how long
#   a large-zone station's own generator runs is not modelled (assumption).

asset "ntt_otemachi" {
  sector     = sector.information_communication
  label      = "NTT Otemachi exchange (hub)"
  operator   = organization.ntt_east
  region     = "chiyoda"
  location   = { lat = 35.686, lon = 139.764 }
  weight     = 3
  backup     = "3d" # batteries and generators with fuel for days at a hub building (assumption)
  depends_on = [asset.chiyoda_ss]
}

asset "ntt_bay_exchange" {
  sector     = sector.information_communication
  label      = "NTT Koto exchange"
  operator   = organization.ntt_east
  region     = "bay"
  location   = { lat = 35.67, lon = 139.81 }
  backup     = "24h" # (assumption)
  depends_on = [asset.koto_ss]
  dependency {
    on    = asset.ntt_otemachi
    delay = "0s"
  }
}

asset "ntt_shinjuku_exchange" {
  sector     = sector.information_communication
  label      = "NTT Shinjuku exchange"
  operator   = organization.ntt_east
  region     = "shinjuku"
  location   = { lat = 35.69, lon = 139.70 }
  backup     = "24h" # (assumption)
  depends_on = [asset.shinjuku_ss, asset.ntt_otemachi]
}

asset "ntt_chiba_exchange" {
  sector     = sector.information_communication
  label      = "NTT Chiba exchange"
  operator   = organization.ntt_east
  region     = "chiba"
  backup     = "24h" # (assumption)
  depends_on = [asset.chiba_ss, asset.ntt_otemachi]
}

asset "docomo_core" {
  sector   = sector.information_communication
  label    = "DOCOMO mobile core (two sites)"
  operator = organization.docomo
  region   = "kanto"
  weight   = 2

  needs "power" {
    requires   = "any" # two geographically separate core sites (assumption)
    backup     = "3d"  # (assumption)
    depends_on = [asset.chiyoda_ss, asset.tama_ss]
  }
  needs "transport" {
    requires   = "any"
    depends_on = [asset.ntt_otemachi, asset.ntt_shinjuku_exchange]
  }
}

asset "docomo_bs_bay" {
  sector     = sector.information_communication
  label      = "DOCOMO base stations, bay area (Ariake, Harumi, Odaiba)"
  operator   = organization.docomo
  region     = "bay"
  location   = { lat = 35.64, lon = 139.79 }
  backup     = "3h" # see the header: NTT DOCOMO, about 3 h of battery
  depends_on = [asset.koto_ss, asset.docomo_core]
}

asset "docomo_bs_central" {
  sector     = sector.information_communication
  label      = "DOCOMO base stations, central wards"
  operator   = organization.docomo
  region     = "chiyoda"
  backup     = "3h" # see the header: NTT DOCOMO, about 3 h of battery
  depends_on = [asset.chiyoda_ss, asset.docomo_core]
}

asset "docomo_bs_shinjuku" {
  sector     = sector.information_communication
  label      = "DOCOMO base stations, Shinjuku and Shibuya"
  operator   = organization.docomo
  region     = "shinjuku"
  backup     = "3h" # see the header: NTT DOCOMO, about 3 h of battery
  depends_on = [asset.shinjuku_ss, asset.docomo_core]
}

asset "docomo_large_zone" {
  sector     = sector.information_communication
  label      = "DOCOMO large-zone base station (Tokyo)"
  operator   = organization.docomo
  region     = "kanto"
  backup     = "24h" # see the header: NTT DOCOMO, at least 24 h
  depends_on = [asset.tama_ss, asset.docomo_core]
}

asset "mobile_bay" {
  sector   = sector.information_communication
  label    = "Mobile coverage in the bay area (any station)"
  operator = organization.docomo
  region   = "bay"
  weight   = 0.5
  needs "radio" {
    requires   = "any"
    depends_on = [asset.docomo_bs_bay, asset.docomo_large_zone]
  }
}

asset "jpix_otemachi" {
  sector     = sector.information_communication
  label      = "Internet exchange, Otemachi"
  region     = "chiyoda"
  country    = "JP"
  backup     = "2d" # (assumption)
  depends_on = [asset.chiyoda_ss]
}

asset "inzai_dc" {
  sector     = sector.information_communication
  label      = "Inzai data-centre campus"
  operator   = organization.dc_operator
  region     = "chiba"
  location   = { lat = 35.83, lon = 140.15 }
  backup     = "2d" # diesel on site (assumption)
  depends_on = [asset.chiba_ss]
}

asset "cloud_tokyo" {
  sector   = sector.information_communication
  label    = "Cloud region Tokyo (three zones)"
  operator = organization.dc_operator
  region   = "chiba"
  weight   = 2
  needs "zones" {
    requires   = 2 # a region keeps running on two of three zones (assumption)
    depends_on = [asset.inzai_dc, asset.otemachi_dc, asset.tama_dc]
  }
  needs "network" {
    requires   = "any"
    depends_on = [asset.jpix_otemachi, asset.ntt_chiba_exchange]
  }
}

asset "otemachi_dc" {
  sector     = sector.information_communication
  label      = "Otemachi data centre"
  operator   = organization.dc_operator
  region     = "chiyoda"
  backup     = "2d" # (assumption)
  depends_on = [asset.chiyoda_ss]
}

asset "tama_dc" {
  sector     = sector.information_communication
  label      = "Tama data centre"
  operator   = organization.dc_operator
  region     = "tama"
  backup     = "2d" # (assumption)
  depends_on = [asset.tama_ss]
}

# --- The managed service provider (fictional) -----------------------------------------

asset "msp_rmm" {
  recover  = "5d" # Colonial Pipeline: ransomware found 7 May 2021, pipeline restarted 12 May (company statements); for an MSP platform an assumption
  sector   = sector.information_communication
  label    = "MSP remote monitoring and management platform"
  operator = organization.msp
  region   = "shinjuku"
  tags     = ["msp"]
  dependency {
    on = asset.cloud_tokyo
  }
}

asset "msp_helpdesk" {
  recover    = "2d" # (assumption)
  sector     = sector.information_communication
  label      = "MSP service desk"
  operator   = organization.msp
  region     = "shinjuku"
  backup     = "4h" # (assumption)
  depends_on = [asset.shinjuku_ss, asset.ntt_shinjuku_exchange]
  dependency {
    on          = asset.msp_rmm
    kind        = "cyber"
    probability = local.ransomware_reach
  }
}
