# Water: Tokyo Bureau of Waterworks purification plants, the water operations
# centre and distribution reservoirs by district, and one sewage treatment plant.
#
# Figures:
# - Distribution reservoirs: Japan Water Works Association's design guideline
#   (水道施設設計指針・解説, 1990 edition) says the effective capacity has been
#   8 to 12 hours of the planned maximum daily supply and should allow for
#   emergencies (as quoted at https://www.waterpartners.jp/1_engineer/06_supply/raccoon_supply_tankvolume.htm).
#   12 h below, for every district, is the top of that range; that the 2012
#   edition makes 12 hours the standard was not confirmed (assumption).
# - Central Disaster Management Council (final report of 19 December 2013, see
#   power.hcl): about half of the 23 wards lose water supply just after the inland
#   earthquake (http://jcpre.com/?p=1689); the causes (power loss, pipe breaks)
#   are as recalled, not re-checked.
# - Purification plants have their own generation for part of their load
#   (Tokyo Bureau of Waterworks, "self-generation at purification plants"; not
#   re-checked); the 24 h they keep going without the grid is an assumption.

asset "asaka_plant" {
  sector     = sector.water
  label      = "Asaka purification plant"
  operator   = organization.waterworks
  region     = "saitama"
  location   = { lat = 35.80, lon = 139.58 }
  weight     = 3
  backup     = "24h" # (assumption, see header)
  depends_on = [asset.saitama_ss]
}

asset "kanamachi_plant" {
  sector     = sector.water
  label      = "Kanamachi purification plant"
  operator   = organization.waterworks
  region     = "katsushika"
  location   = { lat = 35.77, lon = 139.87 }
  weight     = 2
  backup     = "24h" # (assumption)
  depends_on = [asset.koto_ss]
}

asset "higashimurayama_plant" {
  sector     = sector.water
  label      = "Higashimurayama purification plant"
  operator   = organization.waterworks
  region     = "tama"
  location   = { lat = 35.76, lon = 139.47 }
  weight     = 2
  backup     = "24h" # (assumption)
  depends_on = [asset.tama_ss]
}

asset "water_ops_centre" {
  recover    = "2d" # SCADA servers restored; plants run by hand meanwhile (assumption)
  sector     = sector.water
  label      = "Water operations centre (SCADA)"
  operator   = organization.waterworks
  region     = "shinjuku"
  tags       = ["scada"]
  backup     = "3d" # generator (assumption)
  depends_on = [asset.shinjuku_ss, asset.ntt_shinjuku_exchange]
  dependency {
    on          = asset.msp_rmm # vendor remote maintenance of the SCADA servers
    kind        = "cyber"
    delay       = "3h" # (assumption)
    probability = 0.3  # (assumption)
  }
}

asset "reservoir_bay" {
  sector   = sector.water
  label    = "Distribution reservoirs, bay wards"
  operator = organization.waterworks
  region   = "bay"
  backup   = "12h" # without SCADA, staff run the pumps by hand for a shift or so (assumption)
  needs "source" {
    requires   = "any"
    backup     = "12h" # JWWA guideline range 8-12 h, see header
    depends_on = [asset.kanamachi_plant, asset.asaka_plant]
  }
  needs "pumps" {
    backup     = "12h" # the stored water, JWWA guideline range 8-12 h (see header)
    depends_on = [asset.koto_ss]
  }
  dependency {
    on   = asset.water_ops_centre
    kind = "logical"
  }
}

asset "reservoir_central" {
  sector   = sector.water
  label    = "Distribution reservoirs, central wards"
  operator = organization.waterworks
  region   = "chiyoda"
  needs "source" {
    requires   = "any"
    backup     = "12h" # JWWA guideline range 8-12 h, see header
    depends_on = [asset.asaka_plant, asset.higashimurayama_plant]
  }
  needs "pumps" {
    backup     = "12h" # the stored water, JWWA guideline range 8-12 h (see header)
    depends_on = [asset.chiyoda_ss]
  }
}

asset "reservoir_west" {
  sector   = sector.water
  label    = "Distribution reservoirs, Shinjuku and west"
  operator = organization.waterworks
  region   = "shinjuku"
  needs "source" {
    requires   = "any"
    backup     = "12h" # JWWA guideline range 8-12 h, see header
    depends_on = [asset.asaka_plant, asset.higashimurayama_plant]
  }
  needs "pumps" {
    backup     = "12h" # the stored water, JWWA guideline range 8-12 h (see header)
    depends_on = [asset.shinjuku_ss]
  }
}

asset "sunamachi_sewage" {
  repair     = "5d" # (assumption)
  sector     = sector.water
  label      = "Sunamachi water reclamation centre"
  region     = "bay"
  country    = "JP"
  location   = { lat = 35.66, lon = 139.83 }
  tags       = ["liquefaction"]
  backup     = "12h" # (assumption)
  depends_on = [asset.koto_ss]
}
