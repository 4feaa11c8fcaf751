sector "energy" {}

organization "nisc" {
  kind = "agency" # ERROR: Invalid organization kind
}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector = sector.energy
  dependency {
    on   = asset.a
    kind = "cyberr" # ERROR: Invalid dependency kind
  }
}

scenario "s" {
  event "e" {
    kind    = "flood" # ERROR: Invalid event kind
    targets = [asset.a]
  }
}
