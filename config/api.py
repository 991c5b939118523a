"""The JSON API, version 1: mounted at /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from ocop.geo.api import router as units_router
from ocop.registry.api.imports import router as imports_router
from ocop.registry.api.products import router as products_router
from ocop.reports.api import router as stats_router

api = NinjaAPI(
    title="OCOP Platform API",
    version="1",
    description="Nền tảng OCOP — Chương trình Mỗi xã một sản phẩm. Open data and integration API.",
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/units", units_router, tags=["units"])
api.add_router("/products", products_router, tags=["products"])
api.add_router("/imports", imports_router, tags=["imports"])
api.add_router("/stats", stats_router, tags=["statistics"])
