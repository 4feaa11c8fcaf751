# Sectors of the U.S.-Japan model. The model mixes the two countries' assets in
# common sectors; each asset's country says which side of the Pacific it is on.
# The sector names follow the U.S. PPD-21 list (infra/us/sectors.hcl) where it has
# one; Japan's NISC sectors map onto them (information and communication ->
# communications and information technology; electric power, gas -> energy; and
# so on). Positioning, navigation and timing is not a sector in either list: it
# is one of the 55 National Critical Functions CISA published in spring 2019
# ("Provide Positioning, Navigation, and Timing Services"; Inside GNSS, "Homeland
# Security Says PNT a 'National Critical Function'", May 2019, quoted at
# https://rntfnd.org/2019/05/07/homeland-security-says-pnt-a-national-critical-function-inside-gnss)
# and is kept apart here to make its reach visible.

sector "communications" {
  label = "Communications"
  color = "#2a9d8f"
}

sector "information_technology" {
  label = "Information technology (cloud)"
  color = "#3a86ff"
}

sector "financial_services" {
  label = "Financial services"
  color = "#e9c46a"
}

sector "energy" {
  label = "Energy (power, LNG)"
  color = "#f4a261"
}

sector "transportation" {
  label = "Transportation (shipping)"
  color = "#457b9d"
}

sector "pnt" {
  label = "Positioning, navigation and timing"
  color = "#9d4edd"
}

sector "defense" {
  label = "Defense (U.S. forces in Japan)"
  color = "#5c677d"
}

sector "government" {
  label = "Government"
  color = "#7f5539"
}
