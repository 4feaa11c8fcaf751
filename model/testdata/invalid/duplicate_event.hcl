sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}

scenario "s" {
  event "e" {
    targets = [asset.a]
  }
  event "e" { # ERROR: Duplicate event
    targets = [asset.b]
  }
  event "f" {
    select {
      sector = [sector.energy]
    }
    select { # ERROR: Duplicate select block
      region = ["kanto"]
    }
  }
}
