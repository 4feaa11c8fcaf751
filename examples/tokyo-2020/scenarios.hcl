# Scenarios. The earthquake follows the Central Disaster Management Council's
# "M7.3 under southern central Tokyo" case (December 2013 final report, see
# power.hcl): the thermal power stations on Tokyo Bay stop, reclaimed land in
# the bay wards liquefies, about half the area loses power. Which assets the
# quake takes down is chosen by tags: "bay_coast" (coastal plants and terminals,
# which trip) and "liquefaction" (assets on reclaimed land within 15 km of the
# epicentre). The ransomware campaign enters through the fictional MSP's remote
# management platform and reaches its customers along cyber dependencies.

variable "ransomware_at" {
  type        = string
  default     = "6h"
  description = "When the ransomware campaign starts in the combined scenario (a duration after the quake)"
}

locals {
  epicentre = { lat = 35.62, lon = 139.78 } # Tokyo Bay, off southern central Tokyo (assumption within the 2013 case)

  # Uncertainty for Monte Carlo runs (cascade batch); a deterministic run takes the
  # worst case, where every event and dependency with a probability above 0 counts.
  coastal_trip_probability = 0.8 # chance that each coastal plant or terminal trips (assumption)
  liquefaction_probability = 0.6 # chance that each asset on reclaimed land is put out of service (assumption)
  ransomware_reach         = 0.7 # chance that the ransomware pushed through the MSP executes at each customer (assumption)
}

scenario "quake" {
  label   = "M7.3 earthquake under southern Tokyo during the Games"
  horizon = "7d"

  event "coastal_plants_trip" {
    probability = local.coastal_trip_probability
    select {
      tags = ["bay_coast"]
    }
  }
  event "liquefaction" {
    probability = local.liquefaction_probability
    select {
      tags   = ["liquefaction"]
      within = { lat = local.epicentre.lat, lon = local.epicentre.lon, radius_km = 15 }
    }
  }
}

scenario "ransomware" {
  label   = "Ransomware through a managed service provider during the Games"
  horizon = "3d"

  event "msp_compromise" {
    kind    = "cyber"
    targets = [asset.msp_rmm]
  }
}

scenario "combined" {
  label   = "Earthquake, then ransomware through the MSP while the city recovers"
  horizon = "7d"

  event "coastal_plants_trip" {
    probability = local.coastal_trip_probability
    select {
      tags = ["bay_coast"]
    }
  }
  event "liquefaction" {
    probability = local.liquefaction_probability
    select {
      tags   = ["liquefaction"]
      within = { lat = local.epicentre.lat, lon = local.epicentre.lon, radius_km = 15 }
    }
  }
  event "msp_compromise" {
    kind    = "cyber"
    at      = var.ransomware_at
    targets = [asset.msp_rmm]
  }
}

# A system-wide collapse like Hokkaido's on 6 September 2018, when the loss of the
# largest plant tripped the rest and 2.95 million households lost power (Hokkaido
# Electric; OCCTO's verification committee, 2018, as recalled): every source of the
# bulk grid trips at once. They are checked and ready within hours to a day, but the
# thermal units need station power from the grid to start, and the grid needs four of
# them: a black-start deadlock that lasts to the horizon. The mitigation
# "black_start_hydro" (mitigations.hcl) breaks it; compare with
#   cascade compare examples/tokyo-2020 -s blackout --mitigation black_start_hydro
scenario "blackout" {
  label   = "The whole TEPCO area blacks out and must be restarted"
  horizon = "7d"

  event "system_collapse" {
    select {
      tags = ["generation"]
    }
  }
}
