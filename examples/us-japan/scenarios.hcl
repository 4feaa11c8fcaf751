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

# A zero-day in a VPN product used on both sides of the Pacific (intrusion.hcl): the
# campaign starts at a U.S. correspondent bank and two days later reaches the
# Tokyo backbone, the Japanese megabank and a U.S. carrier. The U.S. bank's
# detection after a day protects the U.S. carrier, through FS-ISAC and CISA; it
# reaches nobody in Japan. With the gsoc_nccic_exchange mitigation it does:
#   cascade compare examples/us-japan -s vpn_campaign --mitigation gsoc_nccic_exchange
scenario "vpn_campaign" {
  label   = "A VPN zero-day exploited first in the United States, then in Japan"
  horizon = "14d"

  event "zero_day" {
    kind    = "cyber"
    targets = [asset.vpn_product]
  }
}

# An earthquake off the Boso peninsula breaks three trans-Pacific cables at sea and
# damages the Chikura landing station, as the 2006 Hengchun earthquake broke cables
# off Taiwan (cables.hcl). One cable ship repairs the cables one after another, two
# weeks each: trans-Pacific capacity (any two of four cables) is back when the first
# repaired cable joins PC-1.
scenario "cable_faults" {
  label   = "An earthquake off Boso breaks three trans-Pacific cables; one cable ship repairs them"
  horizon = "6w"

  event "quake" {
    targets = [asset.faster, asset.jupiter, asset.unity, asset.chikura_ls]
  }
}
