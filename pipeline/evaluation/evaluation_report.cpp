#include "evaluation/evaluation_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

// Metrics rounded to 4 decimals in every output, so JSON, table and chart agree.
double rounded(double value, int decimals = 4) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::string fixed(double value, int decimals) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string xml_escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::ordered_json methods_json(const EvalReport& report, bool served_only) {
  nlohmann::ordered_json methods = nlohmann::ordered_json::array();
  for (const MethodResult& m : report.methods) {
    if (served_only && m.name.starts_with("hybrid_")) continue;
    methods.push_back({{"name", m.name},
                       {"recall_at_10", rounded(m.metrics.recall)},
                       {"ndcg_at_10", rounded(m.metrics.ndcg)},
                       {"coverage_at_10", rounded(m.metrics.coverage)},
                       {"mean_popularity_rank", rounded(m.metrics.mean_popularity_rank, 1)}});
  }
  return methods;
}

nlohmann::ordered_json audience_json(const EvalReport& report) {
  nlohmann::ordered_json sweep = nlohmann::ordered_json::array();
  for (const AudienceShareResult& a : report.audience_shares) {
    sweep.push_back({{"audience_share", a.audience_share},
                     {"recall_at_10", rounded(a.metrics.recall)},
                     {"ndcg_at_10", rounded(a.metrics.ndcg)}});
  }
  return sweep;
}

// The fields the report and the manifest share; served_only leaves out the hybrid_<rule> comparison rows.
nlohmann::ordered_json results_json(const EvalReport& report, bool served_only) {
  return nlohmann::ordered_json{{"protocol", std::string(protocol_name(report.protocol))},
                                {"users", report.users},
                                {"heldout", report.held_out},
                                {"catalog", report.catalog_size},
                                {"methods", methods_json(report, served_only)},
                                {"audience_share", audience_json(report)}};
}

}  // namespace

double method_ndcg(const EvalReport& report, const std::string& name) {
  for (const MethodResult& m : report.methods) {
    if (m.name == name) return m.metrics.ndcg;
  }
  throw Error("the evaluation has no " + name + " row");
}

nlohmann::ordered_json report_json(const EvalReport& report) {
  nlohmann::ordered_json out = results_json(report, false);
  out["hybrid_config"] = report.hybrid_config;
  out["hyperparameters"] = report.hyperparameters;
  out["seconds"] = {{"wall", rounded(report.wall_seconds, 1)}, {"cpu", rounded(report.cpu_seconds, 1)}};
  return out;
}

nlohmann::ordered_json evaluation_manifest_json(const EvalReport& report) {
  const double ease = method_ndcg(report, "ease");
  nlohmann::ordered_json out = results_json(report, true);
  out["hybrid_vs_ease_ndcg"] = ease > 0.0 ? rounded(method_ndcg(report, "hybrid") / ease) : 0.0;
  out["seconds"] = rounded(report.wall_seconds, 1);
  return out;
}

std::string methods_markdown(const EvalReport& report) {
  std::ostringstream out;
  out << "| method | Recall@10 | NDCG@10 | coverage@10 | mean popularity rank |\n"
      << "|---|---:|---:|---:|---:|\n";
  for (const MethodResult& m : report.methods) {
    out << "| " << m.name << " | " << fixed(m.metrics.recall, 4) << " | " << fixed(m.metrics.ndcg, 4) << " | "
        << fixed(m.metrics.coverage, 4) << " | " << fixed(m.metrics.mean_popularity_rank, 1) << " |\n";
  }
  if (report.audience_shares.empty()) return out.str();
  out << "\n| served hybrid, audience share | Recall@10 | NDCG@10 |\n|---:|---:|---:|\n";
  for (const AudienceShareResult& a : report.audience_shares) {
    out << "| " << fixed(a.audience_share, 2) << " | " << fixed(a.metrics.recall, 4) << " | " << fixed(a.metrics.ndcg, 4)
        << " |\n";
  }
  return out.str();
}

std::string results_markdown(const EvalReport& report) {
  std::ostringstream out;
  out << "# Offline evaluation: " << protocol_name(report.protocol) << "\n\n"
      << report.users << " users, " << report.held_out << " held-out positives, catalog of " << report.catalog_size
      << " movies. Metrics at 10, averaged over users; hyper-parameters chosen on a validation split of train"
      << " (see docs/evaluation.md). The audience share re-weights the served hybrid's query: 0 = content"
      << " only, 1 = collaborative only, 0.5 = the tuned blend.\n\n"
      << methods_markdown(report)
      << "\nHybrid configuration: `" << report.hybrid_config.dump() << "`\n\n"
      << "Run time: " << fixed(report.wall_seconds, 1) << " s wall, " << fixed(report.cpu_seconds, 1) << " s CPU.\n";
  return out.str();
}

std::string results_svg(const EvalReport& report) {
  constexpr double kLeft = 50, kTop = 40, kPlotHeight = 220, kGroupWidth = 140, kBarWidth = 40, kBottom = 70;
  const double width = kLeft + kGroupWidth * static_cast<double>(report.methods.size()) + 20;
  const double height = kTop + kPlotHeight + kBottom;
  double top_value = 0.05;
  for (const MethodResult& m : report.methods) top_value = std::max({top_value, m.metrics.recall, m.metrics.ndcg});
  top_value = std::ceil(top_value * 10.0) / 10.0;  // axis up to the next 0.1
  const auto y_of = [&](double value) { return kTop + kPlotHeight * (1.0 - value / top_value); };

  std::ostringstream svg;
  svg << R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" << fixed(width, 0) << R"(" height=")" << fixed(height, 0)
      << R"(" font-family="sans-serif" font-size="11">)" << "\n"
      << R"(<rect width="100%" height="100%" fill="white"/>)" << "\n"
      << R"(<text x=")" << kLeft << R"(" y="20" font-size="14">)" << xml_escaped(std::string(protocol_name(report.protocol)))
      << " — " << report.users << " users, " << report.held_out << " held-out positives</text>\n";
  for (int tick = 0; tick <= 5; ++tick) {
    const double value = top_value * tick / 5.0;
    svg << R"(<line x1=")" << kLeft << R"(" x2=")" << fixed(width - 10, 0) << R"(" y1=")" << fixed(y_of(value), 1)
        << R"(" y2=")" << fixed(y_of(value), 1) << R"(" stroke="#ddd"/>)"
        << R"(<text x=")" << kLeft - 6 << R"(" y=")" << fixed(y_of(value) + 4, 1) << R"(" text-anchor="end">)"
        << fixed(value, 2) << "</text>\n";
  }
  const char* colours[] = {"#4e79a7", "#f28e2b"};
  for (std::size_t i = 0; i < report.methods.size(); ++i) {
    const MethodResult& m = report.methods[i];
    const double x0 = kLeft + kGroupWidth * static_cast<double>(i) + 12;
    const double values[] = {m.metrics.recall, m.metrics.ndcg};
    for (int b = 0; b < 2; ++b) {
      const double x = x0 + b * kBarWidth;
      svg << R"(<rect x=")" << fixed(x, 1) << R"(" y=")" << fixed(y_of(values[b]), 1) << R"(" width=")" << kBarWidth - 4
          << R"(" height=")" << fixed(kTop + kPlotHeight - y_of(values[b]), 1) << R"(" fill=")" << colours[b] << R"("/>)"
          << R"(<text x=")" << fixed(x + (kBarWidth - 4) / 2, 1) << R"(" y=")" << fixed(y_of(values[b]) - 3, 1)
          << R"(" text-anchor="middle" font-size="9">)" << fixed(values[b], 3) << "</text>\n";
    }
    svg << R"(<text x=")" << fixed(x0 + kBarWidth - 2, 1) << R"(" y=")" << fixed(kTop + kPlotHeight + 16, 1)
        << R"(" text-anchor="middle">)" << xml_escaped(m.name) << "</text>\n";
  }
  const double legend_y = kTop + kPlotHeight + 45;
  svg << R"(<rect x=")" << kLeft << R"(" y=")" << legend_y - 9 << R"(" width="10" height="10" fill=")" << colours[0]
      << R"("/><text x=")" << kLeft + 14 << R"(" y=")" << legend_y << R"(">Recall@10</text>)" << "\n"
      << R"(<rect x=")" << kLeft + 90 << R"(" y=")" << legend_y - 9 << R"(" width="10" height="10" fill=")" << colours[1]
      << R"("/><text x=")" << kLeft + 104 << R"(" y=")" << legend_y << R"(">NDCG@10</text>)" << "\n"
      << "</svg>\n";
  return svg.str();
}

}  // namespace movierec
