scenario "jp_bay_quake" {
  label   = "Earthquake at the bay: coastal power stations trip, three days"
  horizon = "3d"

  event "quake" {
    targets = [asset.jp_thermal_plant, asset.jp_oil_plant]
  }
}
