sector "energy" {}

asset "a" {
  sector = sector.energy
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a, asset.a] # ERROR: Duplicate supplier
}

asset "c" {
  sector     = sector.energy
  depends_on = [asset.a]
  needs "backup_feed" {
    depends_on = [asset.b]
    dependency {
      on = asset.a # ERROR: Duplicate supplier
    }
  }
}
