# Sectors of the Tokyo 2020 model: Japan's critical infrastructure sectors as NISC
# defines them (see infra/jp/sectors.hcl for the list and its sources), those that
# matter for the scenario, plus the Games venues themselves.

sector "electric_power" {
  label = "Electric power"
  color = "#f4a261"
}

sector "gas" {
  label = "Gas (LNG)"
  color = "#ffb703"
}

sector "petroleum" {
  label = "Petroleum"
  color = "#bc6c25"
}

sector "information_communication" {
  label = "Information and communication"
  color = "#2a9d8f"
}

sector "water" {
  label = "Water"
  color = "#48cae4"
}

sector "railway" {
  label = "Railway"
  color = "#457b9d"
}

sector "airports" {
  label = "Airports"
  color = "#8ecae6"
}

sector "logistics" {
  label = "Logistics"
  color = "#6d6875"
}

sector "finance" {
  label = "Finance"
  color = "#e9c46a"
}

sector "credit_card" {
  label = "Credit card"
  color = "#f6bd60"
}

sector "medical" {
  label = "Medical"
  color = "#e63946"
}

sector "government" {
  label = "Government and administrative services"
  color = "#7f5539"
}

sector "venues" {
  label     = "Games venues and operations"
  color     = "#9d4edd"
  threshold = 0.3 # a Games in which a third of the venue capacity is down has failed (assumption)
}
