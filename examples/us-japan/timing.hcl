# GPS time in both countries.
#
# On 25-26 January 2016, just after a satellite (SVN-23, PRN 32) was retired, 15
# GPS satellites -- half the constellation -- broadcast wrong UTC offset
# parameters, and many thousands of GPS clocks were off by about 13 microseconds
# (Yao et al., NIST, "The effects of the January 2016 UTC offset anomaly on GPS
# clocks monitored at NIST", PTTI 2017,
# https://www.nist.gov/publications/effects-january-2016-utc-offset-anomaly-gps-clocks-monitored-nist);
# telecom networks raised alarms and went into holdover (Chronos Technology, "SVN
# 23 - What Happened?", WSTS 2016). The duration (about 12 hours) and the U.S.
# Air Force statement formerly cited were not re-checked. A wrong time from the receivers is
# used as is, so the dependencies on GPS (in cables.hcl, finance.hcl) are "cyber" here: the error
# spreads regardless of redundancy and holdover. Japan's QZSS (Michibiki)
# transmits GPS-compatible signals but its time is steered to GPS (assumption
# that it does not protect against a wrong GPS upload).
# Recovery: the wrong parameters were replaced within about 12 hours (not
# re-checked, see above); the control segment, the satellites and the receivers
# that used the wrong time are back after 12 h.

asset "gps_control" {
  recover    = "12h" # (see header)
  sector     = sector.pnt
  label      = "GPS control segment (Schriever SFB, Colorado)"
  operator   = organization.ussf
  region     = "colorado"
  location   = { lat = 38.80, lon = -104.53 }
  backup     = "3d" # (assumption)
  depends_on = [asset.colorado_grid]
}

asset "gps_constellation" {
  recover  = "12h" # (see header)
  sector   = sector.pnt
  label    = "GPS satellites (navigation messages)"
  operator = organization.ussf
  region   = "space"
  dependency {
    on   = asset.gps_control # uploads of clock and ephemeris corrections
    kind = "cyber"
  }
}
