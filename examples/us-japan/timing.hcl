# GPS time in both countries.
#
# On 26 January 2016, while a satellite (SVN-23) was being retired, the GPS
# control segment uploaded a wrong UTC correction; for about 12 hours many
# receivers put out time off by about 13 microseconds, and telecom and broadcast
# equipment in several countries raised alarms or failed (U.S. Air Force statement
# of 27 January 2016 and operators' reports). A wrong time from the receivers is
# used as is, so the dependencies on GPS (in cables.hcl, finance.hcl) are "cyber" here: the error
# spreads regardless of redundancy and holdover. Japan's QZSS (Michibiki)
# transmits GPS-compatible signals but its time is steered to GPS (assumption
# that it does not protect against a wrong GPS upload).

asset "gps_control" {
  sector     = sector.pnt
  label      = "GPS control segment (Schriever SFB, Colorado)"
  operator   = organization.ussf
  region     = "colorado"
  location   = { lat = 38.80, lon = -104.53 }
  backup     = "3d" # (assumption)
  depends_on = [asset.colorado_grid]
}

asset "gps_constellation" {
  sector   = sector.pnt
  label    = "GPS satellites (navigation messages)"
  operator = organization.ussf
  region   = "space"
  dependency {
    on   = asset.gps_control # uploads of clock and ephemeris corrections
    kind = "cyber"
  }
}
