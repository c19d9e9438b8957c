/* cost.h - what a traced flow costs: per-GB charges, fixed monthly charges of the
 * resources on the path, and what the other paths the topology offers would cost.
 *
 * The cost module reads only the facts of a finished trace (trace.h: path, via_id,
 * verdict, regions, cross_az, interface_endpoint_azs, public_ipv4, dst_service,
 * path_alternatives …), never the topology, and fills r->cost.
 *
 * Prices come from a pricing file (configs/pricing.yaml, or --pricing FILE): per
 * region, in USD, each figure a number or { price, source, date, note }.  The fallback
 * region (fallback_region:, us-east-1 by default, else the first listed) gives every
 * figure; another region may leave figures out and borrows them from the fallback.
 * A region not listed is priced with the fallback's figures.  Either way the cost is
 * an estimate and says so (F8.1): a "pricing-region" warning, cost.pricing_fallback
 * and cost.borrowed.  Conventions (aws-facts.md §8, §9 item 4):
 *   - inter-AZ traffic is charged inter_az_per_gb once per crossing, or twice with
 *     `inter_az_billing: both-sides`;
 *   - tiered prices (interface endpoint processing, internet egress) use their first
 *     paid tier; the free first 100 GB of internet egress is not subtracted.
 *
 * Ownership: cost_pricing_load() returns a pricing table the caller frees with
 * cost_pricing_free().  The file name is borrowed by the diagnostics only.
 * cost_apply() allocates everything it adds to the result from r->arena.
 */
#ifndef VPCPATH_COST_H
#define VPCPATH_COST_H

#include <stdbool.h>
#include <stddef.h>

#include "vpcpath/diag.h"
#include "vpcpath/trace.h"

struct cost_pricing;

/* Loads FILE.  Returns NULL on any error; every problem is added to *diags as
 * FILE:LINE:COL (unknown keys with a "did you mean" hint).  Warnings (a region name
 * vpcpath does not know) are added to *diags as DIAG_WARNING and do not fail. */
struct cost_pricing *cost_pricing_load(const char *file, struct diag_list *diags);
/* The same from a buffer; name is used in messages (and borrowed). */
struct cost_pricing *cost_pricing_load_buffer(const char *name, const char *buf, size_t len,
					      struct diag_list *diags);
void cost_pricing_free(struct cost_pricing *p);

/* Whether the pricing file lists region (else its flows are priced with the fallback
 * region's figures, an estimate, F8.1); the fallback region; the file's last path
 * component, as messages name it.  Strings are p's. */
bool cost_pricing_lists(const struct cost_pricing *p, const char *region);
const char *cost_pricing_fallback(const struct cost_pricing *p);
const char *cost_pricing_name(const struct cost_pricing *p);

/* The hours one month is counted as (hours_per_month, 730 by default). */
double cost_pricing_hours_per_month(const struct cost_pricing *p);

/* Fills r->cost from the trace's facts.  gb is the monthly volume in GB, or < 0 for
 * none (then has_gb is false and monthly_total 0).
 *  - computed only when r->path is a path (not "none") and the verdict is reachable,
 *    denied (a denied request still takes that path: it is the path's cost) or
 *    exits-model through a NAT or internet gateway (priced up to where the flow
 *    leaves the model: the NAT's processing and the transfer out are certain);
 *    otherwise computed = false and only the alternatives are priced;
 *  - the prices of r->src_region are used; a region the pricing file lacks is priced
 *    with the fallback region's and a warning ("pricing-region") is added to
 *    r->warnings; so is one naming the figures a listed region borrows, when the flow
 *    uses them (not in a brief trace, which has no warnings);
 *  - items: gateway-endpoint, nat-processing, interface-endpoint-processing,
 *    transit-gateway-processing, inter-az, inter-region, internet-egress,
 *    s3express-transfer, vpn-transfer-out (cli.md); per_gb is their sum;
 *    vpn-transfer-out: a flow from on premises pays data transfer out for what AWS
 *    sends back (not for an upload: transfer into AWS is free); a link that may be
 *    Direct Connect (r->onprem_link "vpn-or-direct-connect") is priced at the VPN rate
 *    with an "onprem-link" warning giving the Direct Connect rate.  VPN
 *    connection-hours are per connection, not per flow: not added;
 *  - fixed_monthly: NAT gateway hourly + its public IPv4 address, an instance's public
 *    IPv4 on an internet-gateway path (r->public_ipv4), interface endpoint hourly x
 *    r->interface_endpoint_azs; each x hours_per_month;
 *  - r->path_alternatives are priced (per GB only) and copied to r->cost.alternatives,
 *    cheapest first (ties keep the trace's order).
 * p == NULL leaves the cost not computed. */
void cost_apply(const struct cost_pricing *p, struct trace_result *r, double gb);

/* The largest monthly volume a flow is given (trace --gb, a checks file's gb_per_month):
 * a billion GB a month is beyond any one flow, and below it every figure prints. */
#define COST_GB_PER_MONTH_MAX 1e9

/* The largest price a pricing file, max_cost_per_gb or a rule's max may give, in USD per
 * GB or per hour: every AWS figure is far below it (the dearest are cents). */
#define COST_PRICE_MAX 1000.0

/* Does a flow with this verdict move its volume (reachable, or exits-model: it leaves
 * the model carrying it)?  A denied or unreachable one moves nothing: its month is $0. */
bool cost_verdict_moves(enum trace_verdict v);

/* Sets the monthly volume of a result cost_apply() priced (its splits too): has_gb,
 * gb and monthly_total, as cost_apply(…, gb) would have.  gb < 0: none. */
void cost_set_volume(struct trace_result *r, double gb);

/* An alternative path per month for the cost's volume (0 without one): its per-GB
 * charges x gb, and the monthly saving of taking it (negative when it costs more).
 * Alternatives are resources the VPC already has, so hourly charges do not differ. */
double cost_alternative_monthly(const struct trace_cost *c, const struct trace_alternative *a);
double cost_alternative_saving(const struct trace_cost *c, const struct trace_alternative *a);

#endif
