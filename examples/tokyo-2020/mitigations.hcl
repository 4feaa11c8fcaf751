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
