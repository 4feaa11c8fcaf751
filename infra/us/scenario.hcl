scenario "us_grid_outage" {
  label   = "Loss of the metro grid's gas supply and dam (one event), three days"
  horizon = "3d"

  event "pipeline_and_dam" {
    targets = [asset.us_gas_pipeline, asset.us_hydro_dam]
  }
}
