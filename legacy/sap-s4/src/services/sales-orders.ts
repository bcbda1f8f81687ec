import Big from 'big.js';
import type { Retailer } from '@ucg/legacy-seed';
import { sapDate, type Row } from '../odata/edm.ts';
import { ODataError } from '../odata/errors.ts';
import { groupIndex, keyIndex, type EntitySetDef, type Payload, type ServiceDef } from '../odata/model.ts';
import type { ErpCustomer } from './business-partners.ts';
import { DISTRIBUTION_CHANNEL, DIVISION, PLANT, SALES_ORGANIZATION } from './org.ts';
import { salesOrderProperties as props } from './sales-order-model.ts';

/**
 * API_SALES_ORDER_SRV: the seed's B2B orders (system `erp`) are the existing sales orders, sold
 * to the company's customer number. Creating one is a deep insert of A_SalesOrder with `to_Item`
 * (and optionally `to_PricingElement` with a manual PMP0 price). Like SAP, the service does NOT
 * refuse a second order with the same `PurchaseOrderByCustomer`: de-duplication is the client's job.
 */

export interface SalesOrderRows {
  orders: Row[];
  items: Row[];
  elements: Row[];
  next: number;
}

export interface SalesOrderDeps {
  customers: ErpCustomer[];
  /** Variant materials that can be sold (SKU → EN description). */
  materials: Map<string, string>;
  price(sku: string, currency: string, customerGroup: string): string | undefined;
  now(): number;
}

const money = (v: Big.BigSource) => new Big(v).toFixed(2);

function element(order: string, item: string, type: string, rate: string, quantity: string, currency: string, manual: boolean): Row {
  return {
    SalesOrder: order, SalesOrderItem: item, PricingProcedureStep: type === 'PPR0' ? '10' : '11', PricingProcedureCounter: '1', ConditionType: type,
    ConditionRateValue: rate, ConditionCurrency: currency, ConditionQuantity: '1', ConditionQuantityUnit: 'PC',
    ConditionAmount: money(new Big(rate).times(quantity)), TransactionCurrency: currency, ConditionIsManuallyChanged: manual,
  };
}

export function seedSalesOrders(retailer: Retailer, materials: Map<string, string>): SalesOrderRows {
  const rows: SalesOrderRows = { orders: [], items: [], elements: [], next: 5000000001 };
  const companies = new Map(retailer.companies.map((c) => [c.id, c]));
  for (const order of retailer.orders.filter((o) => o.system === 'erp')) {
    const company = companies.get(order.companyId ?? '');
    const placed = Date.parse(order.placedAt);
    const done = order.status === 'DELIVERED' || order.status === 'COMPLETED';
    rows.orders.push({
      SalesOrder: order.number, SalesOrderType: 'OR', SalesOrganization: SALES_ORGANIZATION, DistributionChannel: DISTRIBUTION_CHANNEL, OrganizationDivision: DIVISION,
      SoldToParty: company?.erpCustomerId ?? '', PurchaseOrderByCustomer: `PO-${(company?.id ?? 'b2b').toUpperCase().slice(0, 12)}-${order.number.slice(-5)}`,
      CustomerPurchaseOrderDate: sapDate(placed), SalesOrderDate: sapDate(placed), CreationDate: sapDate(placed), CreatedByUser: 'B2B_EDI', LastChangeDateTime: placed,
      TotalNetAmount: order.subtotal, TransactionCurrency: order.currency, RequestedDeliveryDate: sapDate(placed + 5 * 86_400_000),
      OverallSDProcessStatus: done ? 'C' : 'A', OverallTotalDeliveryStatus: done ? 'C' : 'A', OverallSDDocumentRejectionSts: 'A', HeaderBillingBlockReason: '', DeliveryBlockReason: '',
    });
    order.lines.forEach((line, i) => {
      const item = String((i + 1) * 10);
      rows.items.push({
        SalesOrder: order.number, SalesOrderItem: item, SalesOrderItemCategory: 'TAN', SalesOrderItemText: materials.get(line.sku) ?? '', Material: line.sku,
        RequestedQuantity: String(line.quantity), RequestedQuantityUnit: 'PC', NetAmount: money(new Big(line.unitPrice).times(line.quantity)),
        TransactionCurrency: order.currency, ProductionPlant: PLANT, SDProcessStatus: done ? 'C' : 'A', DeliveryStatus: done ? 'C' : 'A',
      });
      rows.elements.push(element(order.number, item, 'PPR0', line.unitPrice, String(line.quantity), order.currency, false));
    });
    rows.next = Math.max(rows.next, Number(order.number) + 1);
  }
  return rows;
}

function fail(code: string, message: string): never {
  throw new ODataError(400, code, message);
}

function createOrder(rows: SalesOrderRows, deps: SalesOrderDeps, payload: Payload): Row {
  const v = payload.values;
  const customer = deps.customers.find((c) => c.customer === v.SoldToParty);
  if (!v.SoldToParty) fail('V1/102', 'Enter a sold-to party');
  if (!customer) fail('V1/391', `Sold-to party ${String(v.SoldToParty)} not maintained for sales area ${SALES_ORGANIZATION}/${DISTRIBUTION_CHANNEL}/${DIVISION}`);
  for (const [field, expected] of [['SalesOrganization', SALES_ORGANIZATION], ['DistributionChannel', DISTRIBUTION_CHANNEL], ['OrganizationDivision', DIVISION]] as const) {
    if (v[field] !== undefined && v[field] !== expected) fail('V1/317', `Sales area ${String(v.SalesOrganization ?? SALES_ORGANIZATION)}/${String(v.DistributionChannel ?? DISTRIBUTION_CHANNEL)}/${String(v.OrganizationDivision ?? DIVISION)} is not defined`);
  }
  if ((v.SalesOrderType ?? 'OR') !== 'OR') fail('V1/754', `Sales document type ${String(v.SalesOrderType)} is not defined`);
  const items = payload.nested.to_Item ?? [];
  if (items.length === 0) fail('V1/555', 'Sales document contains no items');
  const currency = String(v.TransactionCurrency ?? customer.currency);
  const number = String(rows.next);
  const now = deps.now();
  const newItems: Row[] = [];
  const newElements: Row[] = [];
  items.forEach((itemPayload, i) => {
    const iv = itemPayload.values;
    const material = String(iv.Material ?? '');
    if (!deps.materials.has(material)) fail('V1/392', `Material ${material} is not defined for sales org.${SALES_ORGANIZATION}, distr.chan.${DISTRIBUTION_CHANNEL}, language EN`);
    const quantity = String(iv.RequestedQuantity ?? '0');
    if (!new Big(quantity).gt(0)) fail('V1/351', `Enter a quantity for item ${String((i + 1) * 10)}`);
    const item = String(iv.SalesOrderItem ?? (i + 1) * 10);
    const manual = (itemPayload.nested.to_PricingElement ?? []).find((e) => e.values.ConditionType === 'PMP0');
    const rate = manual ? String(manual.values.ConditionRateValue ?? '0') : deps.price(material, currency, customer.customerGroup);
    const el = element(number, item, manual ? 'PMP0' : 'PPR0', rate ?? '0', quantity, currency, Boolean(manual));
    newElements.push(el);
    newItems.push({
      SalesOrder: number, SalesOrderItem: item, SalesOrderItemCategory: 'TAN', SalesOrderItemText: String(iv.SalesOrderItemText ?? deps.materials.get(material)), Material: material,
      RequestedQuantity: quantity, RequestedQuantityUnit: String(iv.RequestedQuantityUnit ?? 'PC'), NetAmount: el.ConditionAmount, TransactionCurrency: currency,
      ProductionPlant: PLANT, SDProcessStatus: 'A', DeliveryStatus: 'A',
    });
  });
  const header: Row = {
    SalesOrder: number, SalesOrderType: 'OR', SalesOrganization: SALES_ORGANIZATION, DistributionChannel: DISTRIBUTION_CHANNEL, OrganizationDivision: DIVISION,
    SoldToParty: customer.customer, PurchaseOrderByCustomer: String(v.PurchaseOrderByCustomer ?? ''), CustomerPurchaseOrderDate: (v.CustomerPurchaseOrderDate as number | undefined) ?? sapDate(now),
    SalesOrderDate: (v.SalesOrderDate as number | undefined) ?? sapDate(now), CreationDate: sapDate(now), CreatedByUser: 'UCG_DEV', LastChangeDateTime: now,
    TotalNetAmount: money(newItems.reduce((sum, it) => sum.plus(it.NetAmount as string), new Big(0))), TransactionCurrency: currency,
    RequestedDeliveryDate: (v.RequestedDeliveryDate as number | undefined) ?? sapDate(now + 5 * 86_400_000),
    OverallSDProcessStatus: 'A', OverallTotalDeliveryStatus: 'A', OverallSDDocumentRejectionSts: 'A', HeaderBillingBlockReason: '', DeliveryBlockReason: '',
  };
  rows.orders.push(header);
  rows.items.push(...newItems);
  rows.elements.push(...newElements);
  rows.next++;
  return header;
}

export function salesOrderService(state: () => SalesOrderRows, deps: SalesOrderDeps): ServiceDef {
  const find = keyIndex(['SalesOrder'], () => state().orders);
  const itemsOf = groupIndex('SalesOrder', () => state().items);
  const elementsOf = groupIndex('SalesOrder', () => state().elements);
  const order: EntitySetDef = {
    name: 'A_SalesOrder', type: 'A_SalesOrderType', label: 'Sales Order', keys: ['SalesOrder'], properties: props.order,
    navigations: [{ name: 'to_Item', target: 'A_SalesOrderItem', many: true, resolve: (r) => itemsOf(String(r.SalesOrder)) }],
    rows: () => state().orders,
    find,
    lookup: { SalesOrder: (v) => [find({ SalesOrder: v })].filter((x): x is Row => Boolean(x)) },
    create: (payload) => createOrder(state(), deps, payload),
  };
  const item: EntitySetDef = {
    name: 'A_SalesOrderItem', type: 'A_SalesOrderItemType', label: 'Sales Order Item', keys: ['SalesOrder', 'SalesOrderItem'], properties: props.item,
    navigations: [
      { name: 'to_SalesOrder', target: 'A_SalesOrder', many: false, resolve: (r) => [find({ SalesOrder: r.SalesOrder })].filter((x): x is Row => Boolean(x)) },
      { name: 'to_PricingElement', target: 'A_SalesOrderItemPrElement', many: true, resolve: (r) => elementsOf(String(r.SalesOrder)).filter((e) => e.SalesOrderItem === r.SalesOrderItem) },
    ],
    rows: () => state().items,
    lookup: { SalesOrder: itemsOf },
  };
  const pricing: EntitySetDef = {
    name: 'A_SalesOrderItemPrElement', type: 'A_SalesOrderItemPrElementType', label: 'Item Pricing Element', keys: ['SalesOrder', 'SalesOrderItem', 'PricingProcedureStep', 'PricingProcedureCounter'],
    properties: props.element,
    rows: () => state().elements,
    lookup: { SalesOrder: elementsOf },
  };
  return { name: 'API_SALES_ORDER_SRV', component: 'SD-SLS-API', sets: [order, item, pricing] };
}
