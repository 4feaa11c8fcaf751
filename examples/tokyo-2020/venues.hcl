# Games venues and the systems that run the Games.
#
# Venue coordinates are the venues' public locations, rounded. Bay-area venues
# have temporary generators as a second supply: temporary power was an
# "overlay" service at Tokyo 2020: Aggreko Events Services Japan won the
# organising committee's contract for temporary generation and distribution at 43
# competition venues, the Athletes' Village and the IBC (Sharecast News, 14
# December 2018, https://www.lse.co.uk/news/aggreko-secures-tokyo-olympics-contract-mccc2s34v4y55hl.html).
# Fuel in the generators' tanks is assumed to last 24 h before tanker trucks must
# refuel them (assumption).
#
# Venues keep admitting people for 12 hours without the accreditation system, on
# manual checks (assumption). At PyeongChang 2018 the "Olympic Destroyer" malware
# deleted data from thousands of computers supporting the Games during the
# opening ceremony (U.S. indictment of six GRU officers, returned 15 October 2020
# and announced 19 October 2020; AP via NBC Sports,
# https://olympics.nbcsports.com/2020/10/19/russia-hackers-cyber-attack-olympics/).
# That the systems were restored overnight and the Games went on is from
# reporting at the time, not re-checked.

# --- Games systems --------------------------------------------------------------------

asset "results_system" {
  sector   = sector.venues
  label    = "Timing, scoring and results system"
  operator = organization.tocog
  region   = "chiyoda"
  weight   = 2
  needs "hosting" {
    requires   = "any" # primary in the cloud, secondary in Otemachi (assumption)
    depends_on = [asset.cloud_tokyo, asset.otemachi_dc]
  }
}

asset "accreditation" {
  recover  = "1d" # restored from backups (assumption)
  sector   = sector.venues
  label    = "Accreditation and venue access control"
  operator = organization.tocog
  region   = "bay"
  weight   = 2
  dependency {
    on = asset.cloud_tokyo
  }
  dependency {
    on          = asset.msp_rmm # endpoints at the venue gates managed by the MSP
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "1h" # (assumption)
  }
}

asset "bay_temp_power" {
  sector     = sector.venues
  label      = "Temporary generators at the bay venues"
  operator   = organization.tocog
  region     = "bay"
  weight     = 0.5
  backup     = "24h" # fuel in the tanks (assumption, see header)
  depends_on = [asset.fuel_trucks]
}

asset "games_buses" {
  sector     = sector.venues
  label      = "Games bus fleet (athletes, media)"
  operator   = organization.tocog
  region     = "bay"
  backup     = "1d" # fuel in the depots (assumption)
  depends_on = [asset.fuel_trucks]
  dependency {
    on = asset.bay_roads
  }
}

asset "ibc" {
  sector   = sector.venues
  label    = "International Broadcast Centre (Tokyo Big Sight)"
  operator = organization.tocog
  region   = "bay"
  location = { lat = 35.630, lon = 139.794 }
  weight   = 2
  needs "power" {
    requires   = "any"
    depends_on = [asset.ariake_feeders, asset.bay_temp_power]
  }
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_bay_exchange, asset.ntt_otemachi]
  }
}

asset "olympic_village" {
  sector   = sector.venues
  label    = "Olympic and Paralympic Village (Harumi)"
  operator = organization.tocog
  region   = "bay"
  location = { lat = 35.652, lon = 139.775 }
  weight   = 2
  needs "power" {
    requires   = "any"
    depends_on = [asset.koto_ss, asset.bay_temp_power]
  }
  needs "water" {
    backup     = "1d" # (assumption)
    depends_on = [asset.reservoir_bay]
  }
}

# --- Competition venues -------------------------------------------------------------

asset "national_stadium" {
  sector     = sector.venues
  label      = "Olympic Stadium (Shinjuku)"
  operator   = organization.tocog
  region     = "shinjuku"
  location   = { lat = 35.678, lon = 139.715 }
  weight     = 2
  depends_on = [asset.shinjuku_ss, asset.results_system]
  needs "water" {
    backup     = "1d" # (assumption)
    depends_on = [asset.reservoir_west]
  }
  needs "transport" {
    requires   = "any"
    depends_on = [asset.tokyo_metro, asset.jr_yamanote]
  }
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "aquatics_centre" {
  recover    = "12h" # building management cleaned, run by hand meanwhile (assumption)
  sector     = sector.venues
  label      = "Tokyo Aquatics Centre (Tatsumi)"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.646, lon = 139.820 }
  depends_on = [asset.results_system]
  needs "power" {
    requires   = "any"
    depends_on = [asset.koto_ss, asset.bay_temp_power]
  }
  needs "water" {
    backup     = "2d" # the pools themselves; showers and cooling (assumption)
    depends_on = [asset.reservoir_bay]
  }
  dependency {
    on          = asset.msp_rmm # building management system administered by the MSP
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "2h" # (assumption)
  }
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "ariake_arena" {
  recover    = "12h" # (assumption)
  sector     = sector.venues
  label      = "Ariake Arena"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.636, lon = 139.793 }
  depends_on = [asset.results_system]
  needs "power" {
    requires   = "any"
    depends_on = [asset.ariake_feeders, asset.bay_temp_power]
  }
  dependency {
    on          = asset.msp_rmm # building management system
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "2h" # (assumption)
  }
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "ariake_gymnastics" {
  sector     = sector.venues
  label      = "Ariake Gymnastics Centre"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.632, lon = 139.788 }
  depends_on = [asset.results_system]
  needs "power" {
    requires   = "any"
    depends_on = [asset.ariake_feeders, asset.bay_temp_power]
  }
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "sea_forest" {
  repair     = "5d" # (assumption)
  sector     = sector.venues
  label      = "Sea Forest Waterway"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.603, lon = 139.811 }
  tags       = ["liquefaction"]
  depends_on = [asset.results_system]
  needs "power" {
    requires   = "any"
    depends_on = [asset.minato_ss, asset.bay_temp_power]
  }
}

asset "budokan" {
  sector     = sector.venues
  label      = "Nippon Budokan"
  operator   = organization.tocog
  region     = "chiyoda"
  location   = { lat = 35.693, lon = 139.750 }
  depends_on = [asset.chiyoda_ss, asset.results_system]
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "makuhari_messe" {
  sector     = sector.venues
  label      = "Makuhari Messe"
  operator   = organization.tocog
  region     = "chiba"
  location   = { lat = 35.648, lon = 140.035 }
  depends_on = [asset.chiba_ss, asset.results_system]
  needs "transport" {
    requires   = "any"
    depends_on = [asset.jr_keiyo, asset.games_buses]
  }
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "yokohama_stadium" {
  sector     = sector.venues
  label      = "International Stadium Yokohama"
  operator   = organization.tocog
  region     = "yokohama"
  location   = { lat = 35.510, lon = 139.606 }
  weight     = 2
  depends_on = [asset.yokohama_ss, asset.results_system]
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "saitama_arena" {
  sector     = sector.venues
  label      = "Saitama Super Arena"
  operator   = organization.tocog
  region     = "saitama"
  location   = { lat = 35.895, lon = 139.631 }
  depends_on = [asset.saitama_ss, asset.results_system]
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}

asset "tokyo_stadium" {
  sector     = sector.venues
  label      = "Tokyo Stadium (Chofu)"
  operator   = organization.tocog
  region     = "tama"
  location   = { lat = 35.664, lon = 139.527 }
  depends_on = [asset.tama_ss, asset.results_system]
  needs "access" {
    backup     = "12h" # manual checks at the gates (assumption, see header)
    depends_on = [asset.accreditation]
  }
}
