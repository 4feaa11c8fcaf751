# A scenario for the model that 'cascade import graphml downtown.graphml' writes
# (see README.md): copy this file into the import's folder.
scenario "east_substation" {
  label   = "Flooding takes out the East River substation"
  horizon = "3d"

  event "flood" {
    targets = [asset.sub_east]
  }
}
