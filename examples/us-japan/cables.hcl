# Trans-Pacific submarine cables between Japan and the U.S. mainland, and their
# landing stations.
#
# Cables and landing points (TeleGeography, Submarine Cable Map,
# https://www.submarinecablemap.com, cable pages):
# - FASTER (in service 2016): Chikura and Shima (Japan) - Bandon, Oregon.
# - JUPITER (2020): Maruyama and Shima (Japan) - Hermosa Beach, California
#   (and the Philippines).
# - Unity (2010): Chikura (Japan) - Redondo Beach, California.
# - PC-1, Pacific Crossing-1 (2000): Ajigaura and Shima (Japan) - Harbour Pointe,
#   Washington, and Grover Beach, California (confirmed by the California Coastal
#   Commission's landing approval of 13 June 2000, as summarised at
#   https://www.submarinenetworks.com/en/systems/trans-pacific/pc-1/pc-1-us-landing-approval).
# The FASTER, JUPITER and Unity landings and years are as listed on the cable
# map and were not re-checked in this revision; JUPITER also had a planned second
# U.S. landing at Tierra del Mar, Oregon (Capacity Media), left out here.
# Chikura and Maruyama are both in Minamiboso on the Boso peninsula (Chiba); Shima
# is on the Shima peninsula (Mie), exposed to a Nankai Trough earthquake.
#
# Simplifications: each landing town is one station here, operated by the
# operator named (KDDI for Chikura and Shima, NTT Communications for Maruyama
# and Ajigaura -- a simplification: several carriers run stations there); the
# U.S. stations are grouped under the cable consortia. A cable works when it has
# a working landing on each side. Station backup is an assumption (24 h of
# batteries and generator fuel).
#
# Restoration: a landing station restarts 2 h after its power is back (assumption).
# A cable fault at sea is repaired by a cable ship: typically one to three weeks
# from the fault, most of it waiting for the ship and the weather (order of
# magnitude given by the industry, e.g. the International Cable Protection
# Committee; not re-checked). After the 2011 Tohoku earthquake several
# trans-Pacific cables were damaged and repaired over weeks, and after the 2006
# Hengchun earthquake off Taiwan the repair of several cables took about seven
# weeks (as recalled, unconfirmed). Here a cable takes 2 weeks of a ship's time, and
# the consortia have one ship on call (crews = 1, organizations.hcl): faults are
# repaired one after another. A landing station damaged ashore is repaired in 3 days
# (assumption).
#
# The VPN campaign (intrusion.hcl) reaches the Tokyo backbone's and the U.S.
# carrier's management networks; their group "remote_access" is that path.

asset "chikura_ls" {
  repair     = "3d" # damage ashore (assumption, see header)
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Chikura landing station"
  operator   = organization.kddi
  region     = "boso"
  location   = { lat = 34.96, lon = 139.95 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_boso]
}

asset "maruyama_ls" {
  repair     = "3d" # damage ashore (assumption, see header)
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Maruyama landing station"
  operator   = organization.ntt_com
  region     = "boso"
  location   = { lat = 35.00, lon = 139.87 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_boso]
}

asset "shima_ls" {
  repair     = "3d" # damage ashore (assumption, see header)
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Shima landing station"
  operator   = organization.kddi
  region     = "mie"
  location   = { lat = 34.33, lon = 136.83 }
  backup     = "24h" # (assumption)
  depends_on = [asset.chubu_grid]
}

asset "ajigaura_ls" {
  repair     = "3d" # damage ashore (assumption, see header)
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Ajigaura landing station"
  operator   = organization.ntt_com
  region     = "ibaraki"
  location   = { lat = 36.40, lon = 140.61 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_ibaraki]
}

asset "bandon_ls" {
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Bandon, Oregon landing station"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "pnw"
  location   = { lat = 43.12, lon = -124.41 }
  backup     = "24h" # (assumption)
  depends_on = [asset.pnw_grid]
}

asset "harbour_pointe_ls" {
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Harbour Pointe, Washington landing station"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "pnw"
  backup     = "24h" # (assumption)
  depends_on = [asset.pnw_grid]
}

asset "la_ls" {
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Los Angeles area landing stations (Hermosa Beach, Redondo Beach)"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "socal"
  backup     = "24h" # (assumption)
  depends_on = [asset.socal_grid]
}

asset "grover_beach_ls" {
  restart    = "2h" # (assumption, see header)
  sector     = sector.communications
  label      = "Grover Beach, California landing station"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "socal"
  backup     = "24h" # (assumption)
  depends_on = [asset.socal_grid]
}

asset "faster" {
  repair   = "2w" # a cable ship's work on a fault at sea (see header)
  sector   = sector.communications
  label    = "FASTER cable"
  operator = organization.cable_consortia
  region   = "pacific"
  weight   = 2
  needs "japan" {
    requires   = "any"
    depends_on = [asset.chikura_ls, asset.shima_ls]
  }
  depends_on = [asset.bandon_ls]
}

asset "jupiter" {
  repair   = "2w" # a cable ship's work on a fault at sea (see header)
  sector   = sector.communications
  label    = "JUPITER cable"
  operator = organization.cable_consortia
  region   = "pacific"
  weight   = 2
  needs "japan" {
    requires   = "any"
    depends_on = [asset.maruyama_ls, asset.shima_ls]
  }
  depends_on = [asset.la_ls]
}

asset "unity" {
  repair     = "2w" # a cable ship's work on a fault at sea (see header)
  sector     = sector.communications
  label      = "Unity cable"
  operator   = organization.cable_consortia
  region     = "pacific"
  depends_on = [asset.chikura_ls, asset.la_ls]
}

asset "pc1" {
  repair   = "2w" # a cable ship's work on a fault at sea (see header)
  sector   = sector.communications
  label    = "PC-1 cable"
  operator = organization.cable_consortia
  region   = "pacific"
  needs "japan" {
    requires   = "any"
    depends_on = [asset.ajigaura_ls, asset.shima_ls]
  }
  needs "us" {
    requires   = "any"
    depends_on = [asset.harbour_pointe_ls, asset.grover_beach_ls]
  }
}

asset "transpacific" {
  sector   = sector.communications
  label    = "Japan-U.S. trans-Pacific capacity"
  operator = organization.cable_consortia
  region   = "pacific"
  weight   = 2
  needs "cables" {
    requires   = 2 # traffic is restored onto the others while any two cables work (assumption)
    depends_on = [asset.faster, asset.jupiter, asset.unity, asset.pc1]
  }
}

asset "ntt_tokyo_backbone" {
  sector     = sector.communications
  label      = "Tokyo backbone and data-centre interconnects"
  operator   = organization.ntt_com
  region     = "kanto"
  backup     = "3d" # (assumption)
  recover    = "5d" # cleaning the management network: Colonial Pipeline restarted five to six days after its ransomware (found 7 May 2021, restart begun 12 May; company statements)
  depends_on = [asset.tepco_grid]
  needs "remote_access" {
    backup = "30d" # the network runs without its remote-access VPN (assumption)
    dependency {
      on    = asset.vpn_product
      kind  = "cyber"
      delay = local.vpn_second_wave # the campaign reaches it in its second wave (intrusion.hcl)
    }
  }
}

asset "jp_mobile_timing" {
  sector   = sector.communications
  label    = "Japanese mobile networks (time-synchronised base stations)"
  operator = organization.kddi
  region   = "kanto"
  weight   = 2
  # 3 h: base-station batteries. KDDI said in March 2011 that its base stations
  # carry batteries lasting 3 hours or more (WirelessWire News, 13 March 2011, as
  # quoted at https://blog.nakachon.com/?p=187); NTT DOCOMO gave about 3 hours
  # (see examples/tokyo-2020/telecom.hcl).
  backup     = "3h"
  recover    = "12h" # back to the right time when GPS is (timing.hcl)
  restart    = "1h"  # base stations resynchronised (assumption)
  depends_on = [asset.tepco_grid]
  dependency {
    on   = asset.gps_constellation
    kind = "cyber" # a wrong time from the receivers is used as is
  }
}

asset "us_mobile_timing" {
  sector     = sector.communications
  label      = "U.S. West Coast mobile networks (time-synchronised)"
  operator   = organization.us_carrier
  region     = "socal"
  weight     = 2
  backup     = "4h"  # (assumption)
  recover    = "12h" # (timing.hcl)
  restart    = "1h"  # (assumption)
  depends_on = [asset.socal_grid]
  dependency {
    on   = asset.gps_constellation
    kind = "cyber"
  }
  needs "remote_access" {
    backup = "30d" # (assumption, as for the Tokyo backbone)
    dependency {
      on    = asset.vpn_product
      kind  = "cyber"
      delay = local.vpn_second_wave
    }
  }
}
