# Railways, the airport, roads and the bay utility tunnel.
#
# Rail lines stop at once without traction power and without their traffic
# control systems; JR East lines can run on JR East's own power station (see
# power.hcl). After a strong quake every line stops for inspection; the time to
# restart is not modelled.

asset "jr_cosmos" {
  sector     = sector.railway
  label      = "JR East Tokyo-area train control system"
  operator   = organization.jr_east
  region     = "chiyoda"
  tags       = ["scada"]
  backup     = "3d" # generator (assumption)
  depends_on = [asset.chiyoda_ss]
}

asset "jr_yamanote" {
  sector   = sector.railway
  label    = "JR Yamanote and Chuo lines"
  operator = organization.jr_east
  region   = "chiyoda"
  weight   = 3
  needs "traction" {
    requires   = "any"
    depends_on = [asset.jr_kawasaki_power, asset.chiyoda_ss]
  }
  dependency {
    on = asset.jr_cosmos
  }
}

asset "jr_keiyo" {
  sector   = sector.railway
  label    = "JR Keiyo line (to Makuhari)"
  operator = organization.jr_east
  region   = "chiba"
  needs "traction" {
    requires   = "any"
    depends_on = [asset.jr_kawasaki_power, asset.koto_ss]
  }
  dependency {
    on = asset.jr_cosmos
  }
}

asset "tokyo_metro" {
  sector     = sector.railway
  label      = "Tokyo Metro lines"
  operator   = organization.tokyo_metro
  region     = "chiyoda"
  weight     = 3
  depends_on = [asset.chiyoda_ss, asset.shinjuku_ss]
}

asset "yurikamome" {
  sector     = sector.railway
  label      = "Yurikamome and Rinkai lines (Odaiba, Ariake)"
  region     = "bay"
  country    = "JP"
  depends_on = [asset.minato_ss, asset.ariake_feeders]
}

asset "haneda" {
  sector     = sector.airports
  label      = "Haneda airport"
  operator   = organization.airport_co
  region     = "bay"
  location   = { lat = 35.55, lon = 139.78 }
  weight     = 2
  backup     = "12h" # airport generators for essential systems (assumption)
  depends_on = [asset.minato_ss, asset.ntt_otemachi]
  dependency {
    on    = asset.keihin_fuel_terminal # jet fuel by pipeline and barge
    delay = "2d"                       # fuel stock at the airport (assumption)
  }
}

asset "bay_roads" {
  repair   = "4d" # clearing and temporary repair of reclaimed-land roads (assumption)
  sector   = sector.logistics
  label    = "Bay area trunk roads (Route 357, Bayshore Route)"
  region   = "bay"
  country  = "JP"
  location = { lat = 35.64, lon = 139.80 }
  tags     = ["liquefaction"]
}

asset "bay_utility_tunnel" {
  repair   = "5d" # (assumption)
  sector   = sector.government
  label    = "Bay utility tunnel (power and telecom cables to Ariake)"
  operator = organization.tmg
  region   = "bay"
  location = { lat = 35.635, lon = 139.79 }
  tags     = ["liquefaction"]
}

asset "logistics_hub" {
  recover    = "2d" # (assumption)
  sector     = sector.logistics
  label      = "Games logistics centre (bay area warehouse)"
  operator   = organization.tocog
  region     = "bay"
  backup     = "12h" # (assumption)
  depends_on = [asset.minato_ss, asset.bay_roads]
  dependency {
    on          = asset.msp_rmm
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "2h" # (assumption)
  }
}
