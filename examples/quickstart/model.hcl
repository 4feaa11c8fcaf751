# Quickstart: a six-asset city used by the README tour.
#
# A substation feeds a water pumping station, a telecom exchange and a hospital.
# The telecom exchange controls the substation's SCADA (a loop: power needs
# telecom, telecom needs power). The hospital has generators and a water tank.
# All figures here are illustrative assumptions, not measurements.

sector "energy" {
  label = "Energy"
  color = "#f4a261"
}

sector "telecom" {
  label = "Communications"
  color = "#2a9d8f"
}

sector "water" {
  label = "Water"
  color = "#457b9d"
}

sector "health" {
  label = "Health care"
  color = "#e63946"
}

organization "city_power" {
  label   = "City Power Co."
  country = "JP"
}

asset "substation" {
  sector   = sector.energy
  label    = "Riverside substation"
  operator = organization.city_power
  region   = "riverside"
  location = { lat = 35.66, lon = 139.75 }

  dependency {
    on    = asset.exchange
    kind  = "cyber"
    delay = "30m"
  }
}

asset "gas_plant" {
  sector   = sector.energy
  label    = "Gas-fired plant"
  operator = organization.city_power
  region   = "bay"
  location = { lat = 35.60, lon = 139.80 }
}

asset "exchange" {
  sector = sector.telecom
  label  = "Central telephone exchange"
  region = "riverside"
  backup = "4h" # battery plant (assumption)

  needs "power" {
    requires   = "any"
    depends_on = [asset.substation, asset.gas_plant]
  }
}

asset "pumping" {
  sector = sector.water
  label  = "Pumping station"
  region = "riverside"
  backup = "12h" # elevated tank (assumption)

  depends_on = [asset.substation]
}

asset "hospital" {
  sector = sector.health
  label  = "General hospital"
  region = "riverside"

  needs "power" {
    backup     = "72h" # generator fuel on site (assumption)
    depends_on = [asset.substation]
  }
  needs "water" {
    backup = "24h" # storage tank (assumption)
    dependency {
      on = asset.pumping
    }
  }
}

asset "clinic" {
  sector = sector.health
  label  = "Bay clinic"
  region = "bay"

  dependency {
    on          = asset.gas_plant
    delay       = "1h"
    probability = 0.5
  }
}

scenario "flood" {
  label   = "River flood takes out the riverside substation"
  horizon = "3d"

  event "flood" {
    targets = [asset.substation]
  }
}
