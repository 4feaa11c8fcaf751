sector "energy" {}

asset "grid" {
  sector = sector.energy
}
