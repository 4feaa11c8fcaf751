sector "energy" {}

organization "zero" {
  crews = 0 # ERROR: Invalid crews
}

organization "half" {
  crews = 2.5 # ERROR: Invalid crews
}

organization "words" {
  crews = "many" # ERROR: Incorrect attribute value type
}

asset "grid" {
  sector   = sector.energy
  operator = organization.zero
  repair   = "0s" # ERROR: Invalid repair
  recover  = "0" # ERROR: Invalid recover
  restart  = "-1h" # ERROR: Invalid duration
  priority = "high" # ERROR: Incorrect attribute value type
}

asset "plant" {
  sector   = sector.energy
  repair   = 36 # ERROR: Invalid duration
  priority = [1] # ERROR: Incorrect attribute value type
}
