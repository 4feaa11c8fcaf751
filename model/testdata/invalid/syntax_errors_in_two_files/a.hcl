sector "energy" {}

asset "a" {
  sector = sector.energy
  weight = 1 + # ERROR: Invalid expression
}
