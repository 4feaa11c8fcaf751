asset "grid" { # ERROR: Duplicate asset "grid"
  sector     = sector.energy
  depends_on = [asset.grid]
}

scenario "x" {
  event "e" {
    targets = [asset.grid]
  }
}

scenario "x" { # ERROR: Duplicate scenario "x"
  event "e" {
    targets = [asset.grid]
  }
}
