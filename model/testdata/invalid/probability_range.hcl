sector "energy" {}

asset "grid" {
  sector = sector.energy
  dependency {
    on          = asset.plant
    probability = 1.5 # ERROR: Invalid probability
  }
}

asset "plant" {
  sector = sector.energy
}

scenario "s" {
  event "e" {
    targets     = [asset.grid]
    probability = -0.1 # ERROR: Invalid probability
  }
}
