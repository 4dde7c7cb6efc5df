#include "metrics.h"

#include <sstream>

#include "process_metrics.h"

namespace fss::searchd {

void Metrics::observe(const std::string& route, int status, double seconds) {
  MutexLock lock(&mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::observe_search(uint64_t total, bool suggestion_used, bool partial) {
  MutexLock lock(&mu_);
  ++searches_;
  zero_hits_ += total == 0;
  corrected_ += suggestion_used;
  partial_ += partial;
}

std::string Metrics::render(const Gauges& g) const {
  std::ostringstream out;
  MutexLock lock(&mu_);
  out << "# HELP fss_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE fss_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "fss_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} "
        << n << "\n";
  out << "# HELP fss_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE fss_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out << "fss_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << h.buckets[i] << "\n";
    out << "fss_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} "
        << h.count << "\n"
        << "fss_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n"
        << "fss_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  out << "# HELP fss_index_documents Documents in the live index generation.\n"
      << "# TYPE fss_index_documents gauge\n"
      << "fss_index_documents " << g.documents << "\n"
      << "# HELP fss_index_generation_info The live index generation.\n"
      << "# TYPE fss_index_generation_info gauge\n"
      << "fss_index_generation_info{generation=\"" << g.generation << "\"} 1\n"
      << "# HELP fss_index_reopens_total Times a worker moved to a new index generation.\n"
      << "# TYPE fss_index_reopens_total counter\n"
      << "fss_index_reopens_total " << g.reopens << "\n"
      << "# HELP fss_http_connections Open client connections.\n"
      << "# TYPE fss_http_connections gauge\n"
      << "fss_http_connections " << g.connections << "\n"
      << "# HELP fss_searches_total Searches answered (status 200).\n"
      << "# TYPE fss_searches_total counter\n"
      << "fss_searches_total " << searches_ << "\n"
      << "# HELP fss_search_zero_hits_total Searches that found nothing at all.\n"
      << "# TYPE fss_search_zero_hits_total counter\n"
      << "fss_search_zero_hits_total " << zero_hits_ << "\n"
      << "# HELP fss_search_corrected_total Searches answered by the spelling suggestion.\n"
      << "# TYPE fss_search_corrected_total counter\n"
      << "fss_search_corrected_total " << corrected_ << "\n"
      << "# HELP fss_search_partial_total Searches answered by documents with most words.\n"
      << "# TYPE fss_search_partial_total counter\n"
      << "fss_search_partial_total " << partial_ << "\n"
      << "# HELP fss_http_connections_closed_total Connections closed or refused, by reason.\n"
      << "# TYPE fss_http_connections_closed_total counter\n";
  for (const auto& [reason, n] : g.connections_closed)
    out << "fss_http_connections_closed_total{reason=\"" << reason << "\"} " << n << "\n";
  return out.str() + render_process_metrics();
}

}  // namespace fss::searchd
