# Government: the Tokyo Metropolitan Government and its disaster headquarters,
# ward offices, and the Games' own operations centre.

asset "tmg_hq" {
  sector     = sector.government
  label      = "TMG headquarters and disaster management centre (Shinjuku)"
  operator   = organization.tmg
  region     = "shinjuku"
  location   = { lat = 35.6896, lon = 139.6917 }
  weight     = 3
  backup     = "3d" # generators at the TMG buildings (assumption)
  depends_on = [asset.shinjuku_ss]
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_shinjuku_exchange, asset.docomo_bs_shinjuku]
  }
}

asset "ward_koto" {
  recover    = "3d" # (assumption)
  sector     = sector.government
  label      = "Koto ward office"
  operator   = organization.wards
  region     = "bay"
  backup     = "3d" # (assumption)
  depends_on = [asset.koto_ss, asset.ntt_bay_exchange]
  dependency {
    on          = asset.msp_rmm # resident systems administered by the MSP
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "3h" # (assumption)
  }
}

asset "ward_chuo" {
  recover    = "3d" # (assumption)
  sector     = sector.government
  label      = "Chuo ward office"
  operator   = organization.wards
  region     = "chiyoda"
  backup     = "3d" # (assumption)
  depends_on = [asset.chiyoda_ss, asset.ntt_otemachi]
  dependency {
    on          = asset.msp_rmm
    kind        = "cyber"
    probability = local.ransomware_reach
    delay       = "3h" # (assumption)
  }
}

asset "games_ops_centre" {
  sector     = sector.government
  label      = "Main operations centre of the Games (Harumi)"
  operator   = organization.tocog
  region     = "bay"
  location   = { lat = 35.6565, lon = 139.7826 }
  weight     = 2
  backup     = "2d" # (assumption)
  depends_on = [asset.koto_ss]
  needs "network" {
    requires   = "any"
    depends_on = [asset.ntt_bay_exchange, asset.mobile_bay]
  }
}
