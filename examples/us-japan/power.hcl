# Regional power grids on both sides, one asset each: only what the cross-border
# assets in this model draw on. Japan's grids run at 50 Hz in the east (TEPCO)
# and 60 Hz in the west (Chubu, Kansai); Okinawa's grid is isolated.

asset "tepco_grid" {
  sector   = sector.energy
  label    = "TEPCO grid (Tokyo, Kanagawa)"
  operator = organization.tepco
  region   = "kanto"
  weight   = 3
  # Losing JERA's LNG supply means rotating outages in the TEPCO area: LNG is
  # about a third of Japan's generation and more of TEPCO's (assumption that the
  # rest cannot cover the load).
  depends_on = [asset.jera_lng_supply]
}

asset "tepco_grid_boso" {
  sector     = sector.energy
  label      = "TEPCO grid, Boso peninsula (Chiba)"
  operator   = organization.tepco
  region     = "boso"
  depends_on = [asset.tepco_grid]
}

asset "tepco_grid_ibaraki" {
  sector     = sector.energy
  label      = "TEPCO grid, Ibaraki"
  operator   = organization.tepco
  region     = "ibaraki"
  depends_on = [asset.tepco_grid]
}

asset "chubu_grid" {
  sector   = sector.energy
  label    = "Chubu grid (Mie, Shima peninsula)"
  operator = organization.chubu_epco
  region   = "mie"
}

asset "kansai_grid" {
  sector  = sector.energy
  label   = "Kansai grid (Osaka)"
  region  = "kansai"
  country = "JP"
}

asset "okinawa_grid" {
  sector   = sector.energy
  label    = "Okinawa grid"
  operator = organization.okiden
  region   = "okinawa"
}

asset "pnw_grid" {
  sector   = sector.energy
  label    = "Pacific Northwest grid (Oregon, Washington)"
  operator = organization.us_utilities
  region   = "pnw"
}

asset "socal_grid" {
  sector   = sector.energy
  label    = "Southern California grid"
  operator = organization.us_utilities
  region   = "socal"
}

asset "gulf_grid" {
  sector   = sector.energy
  label    = "Gulf Coast grid (Texas, Louisiana)"
  operator = organization.us_utilities
  region   = "gulf"
}

asset "virginia_grid" {
  sector   = sector.energy
  label    = "Northern Virginia grid"
  operator = organization.us_utilities
  region   = "virginia"
}

asset "colorado_grid" {
  sector   = sector.energy
  label    = "Colorado Springs grid"
  operator = organization.us_utilities
  region   = "colorado"
}
