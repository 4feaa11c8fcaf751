# Mitigations: named changes to the model that `cascade compare` weighs against the
# baseline (docs/language.md, "Mitigations"). Every figure here is an assumption of the
# example, chosen to show the analysis, not a plan of the operators named.

mitigation "hospital_fuel" {
  label = "Five days of generator fuel at the Chuo and bay disaster base hospitals"

  asset "hospital_chuo" {
    needs "power" { backup = "5d" } # (assumption)
  }
  asset "hospital_bay" {
    needs "power" { backup = "5d" } # (assumption)
  }
}

mitigation "hospital_water" {
  label = "Five days of water storage at the same hospitals"

  asset "hospital_chuo" {
    needs "water" { backup = "5d" } # (assumption)
  }
  asset "hospital_bay" {
    needs "water" { backup = "5d" } # (assumption)
  }
}

mitigation "koto_tie" {
  label = "A 66 kV tie that feeds the Koto substation from Chiyoda when Shin-Toyosu is lost"

  asset "koto_ss" {
    # The substation drew on Shin-Toyosu alone; it now needs either.
    depends_on = []
    needs "grid" {
      requires   = "any"
      depends_on = [asset.shin_toyosu_ss, asset.chiyoda_ss] # (assumption)
    }
  }
}

mitigation "black_start_hydro" {
  label = "Black-start capability at the Kazunogawa pumped-storage station, wired to restart the thermal units"

  # Hokkaido Electric restarted its grid in 2018 from hydro stations, and most
  # customers had power again within about two days (as recalled, not re-checked);
  # that Kazunogawa is equipped and wired for it is an assumption.
  add {
    asset "kazunogawa_hydro" {
      sector   = sector.electric_power
      label    = "Kazunogawa pumped-storage station (black start)"
      operator = organization.tepco
      region   = "yamanashi"
      location = { lat = 35.73, lon = 138.93 }
    }
  }

  asset "futtsu_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }

  asset "anegasaki_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }

  asset "yokohama_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }

  asset "kawasaki_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }

  asset "hitachinaka_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }

  asset "kashima_thermal" {
    needs "station_power" {
      requires   = "any"
      depends_on = [asset.bulk_grid, asset.kazunogawa_hydro]
    }
  }
}

mitigation "msp_second_feeder" {
  label = "A second feeder for the MSP's service desk, from the Chiyoda substation"

  # The service desk draws on Shinjuku alone; it now needs either substation. The
  # MSP's platform runs in the cloud region and is not changed.
  asset "msp_helpdesk" {
    depends_on = [asset.ntt_shinjuku_exchange]
    dependency { # restated: the group's suppliers are replaced as a whole
      on          = asset.msp_rmm
      kind        = "cyber"
      probability = local.ransomware_reach
    }
    needs "power" {
      requires   = "any"
      backup     = "4h"                                  # the service desk's own backup, as in telecom.hcl (assumption)
      depends_on = [asset.shinjuku_ss, asset.chiyoda_ss] # (assumption)
    }
  }
}

mitigation "msp_exchange_officer" {
  label = "An MSP exchange officer at NISC's Games coordination centre"

  # The exchange-officer idea of the U.S.-Japan seed paper (an officer of one
  # organization seated at another's operations centre, see examples/us-japan)
  # applied to the MSP: its own detection (1h, organizations.hcl) reaches the
  # coordination centre, and through it NISC, TMG and the customers that share with
  # them, in 30 minutes (assumption: the officer passes the MSP's notice on at once;
  # the centre relays it by the channels of organizations.hcl, which take no time).
  add {
    channel "msp_games_cc" {
      between = [organization.msp, organization.nisc_games_cc]
      latency = "30m" # (assumption, see above)
      label   = "MSP exchange officer at the Games coordination centre"
    }
  }
}
