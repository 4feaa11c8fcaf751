organization "nisc" {
  kind        = "government"
  shares_with = [organization.nisc, organization.cisa, organization.cisa] # ERROR: Channel to itself # ERROR: Duplicate channel
}

organization "cisa" {
  kind        = "government"
  shares_with = [organization.nisk] # ERROR: Reference to undeclared organization
}

sector "energy" {}

asset "a" {
  sector = sector.energy
}
