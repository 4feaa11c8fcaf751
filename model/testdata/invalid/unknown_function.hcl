sector "energy" {
  label = uppercase("energy") # ERROR: Call to unknown function
}

asset "a" {
  sector = sector.energy
  label  = file("/etc/passwd") # ERROR: Call to unknown function
}

asset "b" {
  sector     = sector.energy
  depends_on = [asset.a]
  weight     = max("x", 2) # ERROR: Invalid function argument
}
