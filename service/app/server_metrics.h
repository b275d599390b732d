// What GET /metrics shows of a running server: its RPCs, its connection
// pool, its change streams and its publishing scheduler.
#pragma once

#include <string>

#include "app/galley_services.h"
#include "app/publishing_scheduler.h"
#include "store/connection_pool.h"

namespace galley::app {

std::string RenderServerMetrics(const GalleyServices& services, store::ConnectionPool& pool,
                                const PublishingScheduler& scheduler);

}  // namespace galley::app
