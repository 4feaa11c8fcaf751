# Electric power and fuel for the Tokyo area.
#
# Structure: generation blocks (thermal plants on Tokyo Bay, plants in Ibaraki,
# imports over the ties) feed one bulk grid that needs any four of its eight
# sources; substations feed their districts. Plant and place names are real;
# capacities are not modelled, each block counts the same (assumption).
#
# Sources for the structure of the scenario:
# - Central Disaster Management Council, working group on the Tokyo inland
#   earthquake (首都直下地震対策検討ワーキンググループ), final report published 19
#   December 2013: immediately after the M7.3 "都心南部直下地震" about half of the
#   area loses power (約5割の地域で停電) (report summaries: JBpress,
#   https://jbpress.ismedia.jp/articles/print/80206; http://jcpre.com/?p=1689). The
#   report's index page: http://www.bousai.go.jp/jishin/syuto/taisaku_wg/index.html.
#   That the bay thermal plants stop and supply stays unstable for more than a
#   week is as recalled from the report and was not re-checked.
# - Frequency converters between the 50 Hz east and 60 Hz west: 2.1 GW since the
#   Hida-Shinano converter (0.9 GW) entered service at the end of March 2021,
#   adding to Shin-Shinano 0.6 GW, Higashi-Shimizu 0.3 GW and Sakuma 0.3 GW
#   (Energy Forum, "日本の電力支える直流幹線", 3 June 2021,
#   https://energyforum.xsrv.jp/core/online-content/5135/). The earlier citation
#   ("the Higashi-Shimizu expansion of 2021", OCCTO) was wrong: Higashi-Shimizu's
#   expansion from 0.3 to 0.9 GW was still under construction later.

# --- LNG -------------------------------------------------------------------------

asset "futtsu_lng" {
  repair   = "12h" # send-out restarts after inspection (assumption)
  sector   = sector.gas
  label    = "Futtsu LNG terminal"
  operator = organization.jera
  region   = "chiba"
  location = { lat = 35.33, lon = 139.83 }
  tags     = ["bay_coast"]
}

asset "sodegaura_lng" {
  repair   = "12h" # (assumption)
  sector   = sector.gas
  label    = "Sodegaura LNG terminal"
  operator = organization.jera
  region   = "chiba"
  location = { lat = 35.44, lon = 139.98 }
  tags     = ["bay_coast"]
}

asset "negishi_lng" {
  repair   = "12h" # (assumption)
  sector   = sector.gas
  label    = "Negishi LNG terminal"
  operator = organization.jera
  region   = "yokohama"
  location = { lat = 35.40, lon = 139.64 }
  tags     = ["bay_coast"]
}

# --- Generation ---------------------------------------------------------------------

asset "futtsu_thermal" {
  repair     = "1d" # inspection after a seismic trip (assumption)
  restart    = "8h" # cold start of a gas-fired unit takes hours (assumption; order of magnitude)
  sector     = sector.electric_power
  label      = "Futtsu thermal power station (LNG)"
  operator   = organization.jera
  region     = "chiba"
  location   = { lat = 35.33, lon = 139.83 }
  tags       = ["bay_coast", "generation"]
  backup     = "2d" # LNG in the terminal's tanks next door (assumption)
  depends_on = [asset.futtsu_lng]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "anegasaki_thermal" {
  repair     = "1d" # (assumption)
  restart    = "8h" # (assumption)
  sector     = sector.electric_power
  label      = "Anegasaki thermal power station (LNG)"
  operator   = organization.jera
  region     = "chiba"
  location   = { lat = 35.48, lon = 140.02 }
  tags       = ["bay_coast", "generation"]
  backup     = "2d" # (assumption)
  depends_on = [asset.sodegaura_lng]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "yokohama_thermal" {
  repair     = "1d" # (assumption)
  restart    = "8h" # (assumption)
  sector     = sector.electric_power
  label      = "Yokohama thermal power station (LNG)"
  operator   = organization.jera
  region     = "yokohama"
  location   = { lat = 35.48, lon = 139.68 }
  tags       = ["bay_coast", "generation"]
  backup     = "2d" # (assumption)
  depends_on = [asset.negishi_lng]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "kawasaki_thermal" {
  repair     = "1d" # (assumption)
  restart    = "8h" # (assumption)
  sector     = sector.electric_power
  label      = "Kawasaki thermal power station (LNG)"
  operator   = organization.jera
  region     = "yokohama"
  location   = { lat = 35.51, lon = 139.76 }
  tags       = ["bay_coast", "generation"]
  backup     = "2d" # (assumption)
  depends_on = [asset.negishi_lng]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "hitachinaka_thermal" {
  repair   = "12h" # inspection after a trip (assumption)
  restart  = "8h"  # (assumption)
  sector   = sector.electric_power
  label    = "Hitachinaka thermal power station (coal)"
  operator = organization.jera
  region   = "ibaraki"
  location = { lat = 36.43, lon = 140.60 }
  tags     = ["generation"]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "kashima_thermal" {
  repair   = "12h" # (assumption)
  restart  = "8h"  # (assumption)
  sector   = sector.electric_power
  label    = "Kashima thermal power station"
  operator = organization.jera
  region   = "ibaraki"
  location = { lat = 35.90, lon = 140.68 }
  tags     = ["generation"]
  needs "station_power" {
    # A thermal unit needs off-site power for its pumps and fans to start: the
    # black-start problem (see the "blackout" scenario).
    depends_on = [asset.bulk_grid]
  }
}

asset "tohoku_tie" {
  repair   = "2h" # lines reclosed once the system is checked (assumption)
  sector   = sector.electric_power
  label    = "Tohoku-Tokyo interconnection"
  operator = organization.tepco
  region   = "ibaraki"
  tags     = ["generation"]
}

asset "fc_chubu" {
  repair   = "2h" # (assumption)
  sector   = sector.electric_power
  label    = "Frequency converters from the 60 Hz west"
  operator = organization.tepco
  region   = "shizuoka"
  tags     = ["generation"]
}

# --- Bulk grid and control ----------------------------------------------------------

asset "tepco_control" {
  sector     = sector.electric_power
  label      = "Central load dispatching centre"
  operator   = organization.tepco
  region     = "chiyoda"
  backup     = "3d" # generator (assumption)
  tags       = ["scada"]
  depends_on = [asset.chiyoda_ss]
  needs "telecom" {
    # Leased lines to substations and plants; TEPCO's own microwave and fibre
    # network carries most control traffic, so a day's grace (assumption).
    backup     = "1d"
    depends_on = [asset.ntt_otemachi]
  }
}

asset "bulk_grid" {
  sector   = sector.electric_power
  label    = "TEPCO 500 kV bulk grid"
  operator = organization.tepco
  region   = "kanto"
  weight   = 4

  needs "generation" {
    requires = 4 # any four of eight sources carry the load after shedding (assumption)
    depends_on = [
      asset.futtsu_thermal, asset.anegasaki_thermal, asset.yokohama_thermal, asset.kawasaki_thermal,
      asset.hitachinaka_thermal, asset.kashima_thermal, asset.tohoku_tie, asset.fc_chubu,
    ]
  }
  dependency {
    on          = asset.tepco_control
    kind        = "cyber"
    delay       = "6h" # operators switch by hand from the substations (assumption)
    probability = 0.5  # (assumption)
  }
}

# --- Substations ------------------------------------------------------------------------

asset "shin_toyosu_ss" {
  repair     = "3d" # liquefaction damage to an underground substation (assumption); reported restoration times in the README
  priority   = 10   # it feeds the bay venues and the Village (assumption)
  sector     = sector.electric_power
  label      = "Shin-Toyosu 500 kV substation (underground)"
  operator   = organization.tepco
  region     = "bay"
  location   = { lat = 35.65, lon = 139.79 }
  tags       = ["liquefaction"]
  weight     = 2
  depends_on = [asset.bulk_grid]
}

asset "koto_ss" {
  sector     = sector.electric_power
  label      = "Koto distribution substation"
  operator   = organization.tepco
  region     = "bay"
  location   = { lat = 35.66, lon = 139.82 }
  depends_on = [asset.shin_toyosu_ss]
}

asset "minato_ss" {
  sector     = sector.electric_power
  label      = "Minato distribution substation"
  operator   = organization.tepco
  region     = "bay"
  location   = { lat = 35.63, lon = 139.75 }
  depends_on = [asset.shin_toyosu_ss]
}

asset "ariake_feeders" {
  sector     = sector.electric_power
  label      = "Ariake and Odaiba feeders (in the utility tunnel)"
  operator   = organization.tepco
  region     = "bay"
  location   = { lat = 35.63, lon = 139.79 }
  depends_on = [asset.koto_ss]
  dependency {
    on   = asset.bay_utility_tunnel
    kind = "geographic"
  }
}

asset "chiyoda_ss" {
  sector     = sector.electric_power
  label      = "Chiyoda / Otemachi substation"
  operator   = organization.tepco
  region     = "chiyoda"
  location   = { lat = 35.69, lon = 139.76 }
  weight     = 2
  depends_on = [asset.bulk_grid]
}

asset "shinjuku_ss" {
  sector     = sector.electric_power
  label      = "Shinjuku substation"
  operator   = organization.tepco
  region     = "shinjuku"
  location   = { lat = 35.69, lon = 139.70 }
  depends_on = [asset.bulk_grid]
}

asset "chiba_ss" {
  sector     = sector.electric_power
  label      = "Chiba (Makuhari, Inzai) substation"
  operator   = organization.tepco
  region     = "chiba"
  location   = { lat = 35.65, lon = 140.04 }
  depends_on = [asset.bulk_grid]
}

asset "yokohama_ss" {
  sector     = sector.electric_power
  label      = "Yokohama substation"
  operator   = organization.tepco
  region     = "yokohama"
  location   = { lat = 35.51, lon = 139.61 }
  depends_on = [asset.bulk_grid]
}

asset "saitama_ss" {
  sector     = sector.electric_power
  label      = "Saitama substation"
  operator   = organization.tepco
  region     = "saitama"
  location   = { lat = 35.89, lon = 139.63 }
  depends_on = [asset.bulk_grid]
}

asset "tama_ss" {
  sector     = sector.electric_power
  label      = "Tama substation"
  operator   = organization.tepco
  region     = "tama"
  location   = { lat = 35.76, lon = 139.47 }
  depends_on = [asset.bulk_grid]
}

# --- JR East's own power -------------------------------------------------------------
# JR East generates much of the traction power for its Tokyo-area lines itself, at
# its Kawasaki thermal plant and its Shinanogawa hydro plants (JR East, "Energy"
# pages of its integrated report; not re-checked).

asset "jr_kawasaki_power" {
  sector   = sector.electric_power
  label    = "JR East Kawasaki power station"
  operator = organization.jr_east
  region   = "yokohama"
  location = { lat = 35.52, lon = 139.72 }
  tags     = ["bay_coast"]
}

# --- Fuel ---------------------------------------------------------------------------------

asset "keihin_fuel_terminal" {
  sector     = sector.petroleum
  label      = "Keihin oil terminal"
  operator   = organization.fuel_co
  region     = "yokohama"
  location   = { lat = 35.49, lon = 139.70 }
  tags       = ["bay_coast"]
  backup     = "12h" # (assumption)
  depends_on = [asset.yokohama_ss]
}

asset "fuel_dispatch" {
  recover    = "2d" # (assumption)
  sector     = sector.logistics
  label      = "Fuel delivery dispatch system"
  operator   = organization.fuel_co
  region     = "yokohama"
  backup     = "6h" # paper dispatch for a shift (assumption)
  depends_on = [asset.yokohama_ss]
  dependency {
    on          = asset.msp_rmm
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "2h" # ransomware pushed through the MSP's remote management tool (assumption)
  }
}

asset "fuel_trucks" {
  sector     = sector.logistics
  label      = "Tanker trucks for generator refuelling"
  operator   = organization.fuel_co
  region     = "kanto"
  depends_on = [asset.keihin_fuel_terminal, asset.fuel_dispatch]
  dependency {
    on    = asset.bay_roads
    delay = "1h" # (assumption)
  }
}
