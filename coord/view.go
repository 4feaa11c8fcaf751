package coord

import (
	"github.com/cascade-infra/cascade/cascade"
	"github.com/cascade-infra/cascade/render"
)

// The coordinate view joins the render package's views wherever coord is linked in
// (`cascade render --view coordinate`).
func init() {
	render.RegisterView(render.View{
		Name:          "coordinate",
		About:         "organizations, their channels and the coordination gaps of a cascade",
		NeedsScenario: true,
		Size: func(in *render.Input) (nodes, edges int) {
			for _, o := range in.Model.Organizations {
				edges += len(o.SharesWith)
			}
			return len(in.Model.Organizations), edges
		},
		Build: coordinateView,
	})
}

// coordinateView analyses the run of the input's scenario, at its horizon, and draws
// the organizations, channels and gaps.
func coordinateView(in *render.Input) (*render.Graph, error) {
	opts := cascade.Options{SetHorizon: true, Horizon: in.Outcome.Horizon}
	r, err := Run(in.Model, in.Outcome.Scenario, opts, nil)
	if err != nil {
		return nil, err
	}
	return Graph(in.Model, r), nil
}
