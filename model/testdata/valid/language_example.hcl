# The example of docs/language.md, completed so that every reference resolves.

sector "energy" {
  label     = "Energy"
  color     = "#f4a261"
  threshold = 0.5
}

sector "health" {}

sector "telecom" {
  label = "Telecommunications"
}

sector "water" {}

organization "tepco" {
  label   = "TEPCO Power Grid"
  country = "JP"
  kind    = "operator"
}

organization "ntt" {
  label       = "NTT East"
  country     = "JP"
  kind        = "operator"
  shares_with = [organization.tepco]
}

asset "kanto_grid" {
  sector   = sector.energy
  label    = "Kanto transmission grid"
  operator = organization.tepco
  region   = "kanto"
  location = { lat = 35.68, lon = 139.69 }
  tags     = ["scada", "olympics"]
  weight   = 1
  requires = "all"
  backup   = "0s"

  depends_on = [asset.fuel_terminal]

  dependency {
    on          = asset.ntt_east
    kind        = "cyber"
    delay       = "30m"
    probability = 0.8
  }
}

asset "fuel_terminal" {
  sector   = sector.energy
  operator = organization.tepco
  country  = "US"
  location = { lat = 35.45, lon = 139.65 }
}

asset "ntt_east" {
  sector     = sector.telecom
  operator   = organization.ntt
  region     = "kanto"
  backup     = "3h"
  depends_on = [asset.kanto_grid]
}

asset "substation_a" {
  sector     = sector.energy
  depends_on = [asset.kanto_grid]
}

asset "substation_b" {
  sector     = sector.energy
  depends_on = [asset.kanto_grid]
}

asset "city_main" {
  sector     = sector.water
  requires   = 1
  depends_on = [asset.substation_a]
}

asset "st_lukes" {
  sector = sector.health
  label  = "St. Luke's International Hospital"

  needs "power" {
    requires   = "any"
    backup     = "72h"
    depends_on = [asset.substation_a, asset.substation_b]
  }
  needs "water" {
    backup = "24h"
    dependency {
      on = asset.city_main
    }
  }
}

scenario "kanto_quake" {
  label   = "Earthquake in Kanto, then ransomware at a managed service provider"
  horizon = "7d"

  event "quake" {
    kind    = "physical"
    at      = "0s"
    targets = [asset.kanto_grid]
    select {
      sector   = [sector.energy]
      region   = ["kanto"]
      country  = ["JP"]
      operator = [organization.tepco]
      tags     = ["scada"]
      within   = { lat = 35.6, lon = 139.7, radius_km = 60 }
    }
    probability = 1
  }

  event "ransomware" {
    kind = "cyber"
    at   = "1d12h"
    select {
      within = { lat = 35.6, lon = 139.7, radius_km = 30 }
    }
    probability = 0.5
  }
}
