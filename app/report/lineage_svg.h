// The lineage picture of a compliance report: the subject and everything
// upstream as a Graphviz digraph (top to bottom, nodes coloured by kind,
// assets with an open violation outlined in red and marked), laid out by
// Graphviz's `dot` through libgvc into an SVG to embed in the HTML.
#pragma once

#include <string>

#include "app/report/report.h"

namespace provgraph::report {

// The DOT text of the lineage. Every node is named by its `Label:key` (the
// SVG's <title> of the node), has id "lineage-<i>" (i in report order) and
// the SVG class "kind-<kind>" plus "violation" when marked.
std::string LineageDot(const Document& report);

// The SVG element (<svg ...>...</svg>, without the XML prolog) of `dot`
// laid out with Graphviz `dot`. Internal error when Graphviz fails.
Result<std::string> LayoutSvg(const std::string& dot);

// The fill colour of a kind in the picture and in the HTML legend.
const char* KindColour(const std::string& kind);

}  // namespace provgraph::report
