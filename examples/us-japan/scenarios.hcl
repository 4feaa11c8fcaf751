# Scenarios that start in one country and cascade into the other.

scenario "tokyo_blackout" {
  label   = "Prolonged blackout in the TEPCO area (Japan) reaches U.S. banking and U.S. forces"
  horizon = "5d"

  event "grid_loss" {
    targets = [asset.tepco_grid]
  }
}

scenario "gulf_lng" {
  label   = "Gulf Coast hurricane and a Middle East disruption cut LNG to Tokyo (U.S. to Japan)"
  horizon = "60d"

  event "hurricane" {
    targets = [asset.gulf_grid]
  }
  event "hormuz" {
    targets = [asset.lng_supply_middle_east]
  }
}

scenario "gps_upload" {
  label   = "A wrong GPS time correction (as on 26 January 2016) reaches telecom and trading in both countries"
  horizon = "1d"

  event "bad_upload" {
    kind    = "cyber"
    targets = [asset.gps_control]
  }
}

scenario "fedwire_outage" {
  label   = "Fedwire outage (U.S.) stops dollar and FX settlement of a Japanese bank"
  horizon = "1d"

  event "outage" {
    targets = [asset.fedwire]
  }
}
