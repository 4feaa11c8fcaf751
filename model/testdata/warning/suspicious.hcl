sector "energy" {}
sector "space" {} # WARNING: Sector without assets

asset "grid" {
  sector = sector.energy
}

asset "plant" {
  sector     = sector.energy
  depends_on = [asset.grid]
}

asset "lonely" { # WARNING: Isolated asset
  sector = sector.energy
}

scenario "empty" {} # WARNING: Scenario without events

scenario "miss" {
  event "far_away" { # WARNING: Event selects no asset
    select {
      within = { lat = -45, lon = 170, radius_km = 10 }
    }
  }
  event "hit" {
    targets = [asset.grid]
  }
}
