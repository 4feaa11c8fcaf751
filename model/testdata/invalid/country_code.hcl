sector "energy" {}

organization "tepco" {
  country = "jp" # ERROR: Invalid country code
}

asset "a" {
  sector  = sector.energy
  country = "JPN" # ERROR: Invalid country code
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
}

scenario "s" {
  event "e" {
    select {
      country = ["US", "Japan"] # ERROR: Invalid country code
    }
  }
}
