# A small model for the tests of cascade sweep: a substation whose loss the hospital
# rides out on its generator for var.fuel, and a water pump without one; the feeder
# to the clinic holds with probability 1 - var.feeder_risk.

variable "fuel" {
  type    = string
  default = "12h"
}

variable "feeder_risk" {
  type    = number
  default = 0.5
}

sector "energy" {
  threshold = 0.5
}

sector "health" {
  threshold = 0.5
}

sector "water" {
  threshold = 0.5
}

asset "substation" {
  sector = sector.energy
}

asset "feeder" {
  sector = sector.energy
  dependency {
    on          = asset.substation
    probability = var.feeder_risk
    delay       = "1h"
  }
}

asset "pump" {
  sector     = sector.water
  depends_on = [asset.feeder]
}

asset "hospital" {
  sector = sector.health
  needs "power" {
    backup     = var.fuel
    depends_on = [asset.substation]
  }
  needs "water" {
    backup     = "4d"
    depends_on = [asset.pump]
  }
}

asset "clinic" {
  sector = sector.health
  needs "power" {
    backup     = "4h"
    depends_on = [asset.feeder]
  }
}

scenario "storm" {
  horizon = "3d"
  event "substation_down" {
    kind        = "physical"
    at          = "0s"
    probability = 0.8
    targets     = [asset.substation]
  }
}

mitigation "clinic_fuel" {
  label = "A day of generator fuel at the clinic"
  asset "clinic" {
    needs "power" {
      backup = "1d"
    }
  }
}
