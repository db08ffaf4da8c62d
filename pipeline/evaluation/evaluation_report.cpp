#include "evaluation/evaluation_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <optional>
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

std::string fixed(const std::optional<double>& value, int decimals) { return value ? fixed(*value, decimals) : "—"; }

// list_quality: also the list-quality metrics that were measured (the protocols' rows; the top-level
// rows and the manifest keep their original five fields).
nlohmann::ordered_json method_json(const MethodResult& m, bool list_quality) {
  nlohmann::ordered_json out{{"name", m.name},
                             {"recall_at_10", rounded(m.metrics.recall)},
                             {"ndcg_at_10", rounded(m.metrics.ndcg)},
                             {"coverage_at_10", rounded(m.metrics.coverage)},
                             {"mean_popularity_rank", rounded(m.metrics.mean_popularity_rank, 1)}};
  if (!list_quality) return out;
  if (m.metrics.intra_list_diversity) out["intra_list_diversity"] = rounded(*m.metrics.intra_list_diversity);
  if (m.metrics.max_per_series) out["max_per_series"] = rounded(*m.metrics.max_per_series);
  if (m.metrics.share_over_2_per_series) out["share_over_2_per_series"] = rounded(*m.metrics.share_over_2_per_series);
  return out;
}

nlohmann::ordered_json methods_json(const EvalReport& report, bool served_only) {
  nlohmann::ordered_json methods = nlohmann::ordered_json::array();
  for (const MethodResult& m : report.methods) {
    if (served_only && m.name.starts_with("hybrid_")) continue;
    methods.push_back(method_json(m, false));
  }
  return methods;
}

// | method | Recall@10 | NDCG@10 | coverage@10 | mean popularity rank | list quality ... |
std::string metrics_table(const std::vector<MethodResult>& methods) {
  std::ostringstream out;
  out << "| method | Recall@10 | NDCG@10 | coverage@10 | mean popularity rank | intra-list diversity | max per series |"
         " share > 2 per series |\n"
      << "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const MethodResult& m : methods) {
    out << "| " << m.name << " | " << fixed(m.metrics.recall, 4) << " | " << fixed(m.metrics.ndcg, 4) << " | "
        << fixed(m.metrics.coverage, 4) << " | " << fixed(m.metrics.mean_popularity_rank, 1) << " | "
        << fixed(m.metrics.intra_list_diversity, 4) << " | " << fixed(m.metrics.max_per_series, 2) << " | "
        << fixed(m.metrics.share_over_2_per_series, 4) << " |\n";
  }
  return out.str();
}

const char* const kUnmeasured = "no held-out positives under this split";

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
  nlohmann::ordered_json out{{"protocol", std::string(protocol_name(report.protocol))},
                             {"users", report.users},
                             {"heldout", report.held_out},
                             {"catalog", report.catalog_size}};
  if (!report.restrictions.empty()) out["restrictions"] = report.restrictions;
  out["methods"] = methods_json(report, served_only);
  out["audience_share"] = audience_json(report);
  return out;
}

}  // namespace

double method_ndcg(const EvalReport& report, const std::string& name) {
  for (const MethodResult& m : report.methods) {
    if (m.name == name) return m.metrics.ndcg;
  }
  throw Error("the evaluation has no " + name + " row");
}

nlohmann::ordered_json protocol_json(const ProtocolResult& protocol) {
  nlohmann::ordered_json out{{"protocol", protocol.protocol}, {"users", protocol.users}, {"heldout", protocol.held_out}};
  for (const auto& [key, value] : protocol.details.items()) out[key] = value;
  if (protocol.held_out == 0) out["note"] = kUnmeasured;
  nlohmann::ordered_json methods = nlohmann::ordered_json::array();
  for (const MethodResult& m : protocol.methods) methods.push_back(method_json(m, true));
  out["methods"] = std::move(methods);
  out["seconds"] = {{"wall", rounded(protocol.wall_seconds, 1)}, {"cpu", rounded(protocol.cpu_seconds, 1)}};
  return out;
}

nlohmann::ordered_json report_json(const EvalReport& report) {
  nlohmann::ordered_json out = results_json(report, false);
  out["hybrid_config"] = report.hybrid_config;
  out["hyperparameters"] = report.hyperparameters;
  out["seconds"] = {{"wall", rounded(report.wall_seconds, 1)}, {"cpu", rounded(report.cpu_seconds, 1)}};
  nlohmann::ordered_json protocols = nlohmann::ordered_json::array();
  for (const ProtocolResult& p : report.protocols) protocols.push_back(protocol_json(p));
  out["protocols"] = std::move(protocols);
  return out;
}

nlohmann::ordered_json evaluation_manifest_json(const EvalReport& report) {
  const double ease = method_ndcg(report, "ease");
  nlohmann::ordered_json out = results_json(report, true);
  out["hybrid_vs_ease_ndcg"] = ease > 0.0 ? rounded(method_ndcg(report, "hybrid") / ease) : 0.0;
  out["seconds"] = rounded(report.wall_seconds, 1);
  // The visitor and cold-items protocols, for the About tab's visitor table.
  nlohmann::ordered_json protocols = nlohmann::ordered_json::array();
  for (const ProtocolResult& p : report.protocols) {
    if (p.protocol != out["protocol"]) protocols.push_back(protocol_json(p));
  }
  out["protocols"] = std::move(protocols);
  return out;
}

std::string methods_markdown(const EvalReport& report) {
  std::ostringstream out;
  out << metrics_table(report.methods);
  if (report.audience_shares.empty()) return out.str();
  out << "\n| served hybrid, audience share | Recall@10 | NDCG@10 |\n|---:|---:|---:|\n";
  for (const AudienceShareResult& a : report.audience_shares) {
    out << "| " << fixed(a.audience_share, 2) << " | " << fixed(a.metrics.recall, 4) << " | " << fixed(a.metrics.ndcg, 4)
        << " |\n";
  }
  return out.str();
}

std::string protocols_markdown(const EvalReport& report) {
  std::vector<const ProtocolResult*> visitors;
  const ProtocolResult* cold = nullptr;
  for (const ProtocolResult& p : report.protocols) {
    if (p.protocol.starts_with("visitor-")) visitors.push_back(&p);
    if (p.protocol == "cold-items") cold = &p;
  }
  std::ostringstream out;
  if (!visitors.empty()) {
    std::vector<std::string> names;  // every method of any visitor protocol, in first-seen order
    for (const ProtocolResult* p : visitors) {
      for (const MethodResult& m : p->methods) {
        if (std::find(names.begin(), names.end(), m.name) == names.end()) names.push_back(m.name);
      }
    }
    out << "## Visitor protocols\n\n"
        << "Each fold's users keep N train positives (and, with dislikes, up to N ratings below 3); every"
        << " method is refit per fold. NDCG@10:\n\n| method |";
    for (const ProtocolResult* p : visitors) out << " " << p->protocol << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < visitors.size(); ++i) out << "---:|";
    out << "\n";
    for (const std::string& name : names) {
      out << "| " << name << " |";
      for (const ProtocolResult* p : visitors) {
        const auto it = std::find_if(p->methods.begin(), p->methods.end(), [&](const MethodResult& m) { return m.name == name; });
        out << " " << (it == p->methods.end() ? std::string("—") : fixed(it->metrics.ndcg, 4)) << " |";
      }
      out << "\n";
    }
    for (const ProtocolResult* p : visitors) {
      if (p->held_out == 0) out << "\n" << p->protocol << ": " << kUnmeasured << ".\n";
    }
    for (const ProtocolResult* p : visitors) {
      if (p->held_out == 0) continue;
      out << "\n" << p->protocol << " (" << p->users << " users, " << p->held_out << " held-out positives):\n\n"
          << metrics_table(p->methods);
    }
    out << "\n";
  }
  if (cold != nullptr) {
    out << "## Cold items\n\n";
    if (cold->held_out == 0) {
      out << "cold-items: " << kUnmeasured << ".\n\n";
    } else {
      out << "The full-profile rankings, scored only on held-out positives of movies with at most "
          << cold->details.value("max_train_ratings", 0) << " train ratings: " << cold->users << " users, "
          << cold->held_out << " held-out positives.\n\n"
          << metrics_table(cold->methods) << "\n";
    }
  }
  if (report.protocols.size() > 1) {
    out << "## Run time per protocol\n\n| protocol | users | held-out positives | wall s | CPU s |\n|---|---:|---:|---:|---:|\n";
    for (const ProtocolResult& p : report.protocols) {
      out << "| " << p.protocol << " | " << p.users << " | " << p.held_out << " | " << fixed(p.wall_seconds, 1) << " | "
          << fixed(p.cpu_seconds, 1) << " |\n";
    }
    if (report.hyperparameters.contains("ease_visitor")) {
      const auto& seconds = report.hyperparameters.at("ease_visitor").at("seconds");
      out << "\nThe ease_visitor search on the validation split: " << fixed(seconds.at("wall").get<double>(), 1)
          << " s wall, " << fixed(seconds.at("cpu").get<double>(), 1) << " s CPU; cold-items re-scores the"
          << " full-profile rankings.\n";
    }
    out << "\n";
  }
  return out.str();
}

std::string results_markdown(const EvalReport& report) {
  std::ostringstream out;
  out << "# Offline evaluation: " << protocol_name(report.protocol) << "\n\n"
      << report.users << " users, " << report.held_out << " held-out positives, catalog of " << report.catalog_size
      << " movies. Metrics at 10, averaged over users; hyper-parameters chosen on a validation split of train"
      << " (see docs/evaluation.md). The audience share re-weights the served hybrid's query: 0 = content"
      << " only, 1 = collaborative only, 0.5 = the tuned blend.\n\n";
  for (const std::string& restriction : report.restrictions) out << "Restricted at this size: " << restriction << ".\n\n";
  out << methods_markdown(report) << "\n"
      << protocols_markdown(report)
      << "Hybrid configuration: `" << report.hybrid_config.dump() << "`\n\n"
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
