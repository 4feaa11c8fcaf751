sector "power grid" {} # ERROR: Invalid name

sector "energy" {}

asset "1st" { # ERROR: Invalid name
  sector = sector.energy
}
