// What GET /metrics shows of a running server: its RPCs, its connection
// pools (the read replica's too, when there is one), its change streams and
// its publishing scheduler.
#pragma once

#include <string>

#include "app/galley_services.h"
#include "app/publishing_scheduler.h"
#include "store/connection_pool.h"

namespace galley::app {

// `read_pool`: the read replica's pool, null when there is none.
std::string RenderServerMetrics(const GalleyServices& services, store::ConnectionPool& pool,
                                store::ConnectionPool* read_pool, const PublishingScheduler& scheduler);

}  // namespace galley::app
