sector "energy" {
  label = "Energy" "Power" # ERROR: Missing newline after argument
}

asset "a" {
  sector = sector.energy
}
