sector "energy" {}

asset "a" { # ERROR: Missing required argument
  label = "No sector"
}

asset "b" {
  sector = sector.energy
  dependency { # ERROR: Missing required argument
    kind = "cyber"
  }
}
