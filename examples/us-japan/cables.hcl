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

asset "chikura_ls" {
  sector     = sector.communications
  label      = "Chikura landing station"
  operator   = organization.kddi
  region     = "boso"
  location   = { lat = 34.96, lon = 139.95 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_boso]
}

asset "maruyama_ls" {
  sector     = sector.communications
  label      = "Maruyama landing station"
  operator   = organization.ntt_com
  region     = "boso"
  location   = { lat = 35.00, lon = 139.87 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_boso]
}

asset "shima_ls" {
  sector     = sector.communications
  label      = "Shima landing station"
  operator   = organization.kddi
  region     = "mie"
  location   = { lat = 34.33, lon = 136.83 }
  backup     = "24h" # (assumption)
  depends_on = [asset.chubu_grid]
}

asset "ajigaura_ls" {
  sector     = sector.communications
  label      = "Ajigaura landing station"
  operator   = organization.ntt_com
  region     = "ibaraki"
  location   = { lat = 36.40, lon = 140.61 }
  backup     = "24h" # (assumption)
  depends_on = [asset.tepco_grid_ibaraki]
}

asset "bandon_ls" {
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
  sector     = sector.communications
  label      = "Harbour Pointe, Washington landing station"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "pnw"
  backup     = "24h" # (assumption)
  depends_on = [asset.pnw_grid]
}

asset "la_ls" {
  sector     = sector.communications
  label      = "Los Angeles area landing stations (Hermosa Beach, Redondo Beach)"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "socal"
  backup     = "24h" # (assumption)
  depends_on = [asset.socal_grid]
}

asset "grover_beach_ls" {
  sector     = sector.communications
  label      = "Grover Beach, California landing station"
  operator   = organization.cable_consortia
  country    = "US"
  region     = "socal"
  backup     = "24h" # (assumption)
  depends_on = [asset.socal_grid]
}

asset "faster" {
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
  sector     = sector.communications
  label      = "Unity cable"
  operator   = organization.cable_consortia
  region     = "pacific"
  depends_on = [asset.chikura_ls, asset.la_ls]
}

asset "pc1" {
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
  depends_on = [asset.tepco_grid]
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
  backup     = "4h" # (assumption)
  depends_on = [asset.socal_grid]
  dependency {
    on   = asset.gps_constellation
    kind = "cyber"
  }
}
