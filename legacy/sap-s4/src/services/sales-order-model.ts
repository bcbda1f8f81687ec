import { p } from '../odata/model.ts';

/** The A_SalesOrder / A_SalesOrderItem / A_SalesOrderItemPrElement properties this stand-in serves (a subset of SAP's). */
export const salesOrderProperties = {
  order: [
    p.key('SalesOrder', 10, { label: 'Sales Order' }), p.str('SalesOrderType', 4), p.str('SalesOrganization', 4), p.str('DistributionChannel', 2),
    p.str('OrganizationDivision', 2), p.str('SoldToParty', 10), p.str('PurchaseOrderByCustomer', 35, { label: 'Customer Reference' }),
    p.date('CustomerPurchaseOrderDate'), p.date('SalesOrderDate'), p.date('CreationDate', { readOnly: true }), p.str('CreatedByUser', 12, { readOnly: true }),
    p.stamp('LastChangeDateTime', { readOnly: true }), p.dec('TotalNetAmount', 16, 3, { currency: 'TransactionCurrency', readOnly: true }),
    p.str('TransactionCurrency', 5), p.date('RequestedDeliveryDate'), p.str('OverallSDProcessStatus', 1, { readOnly: true }),
    p.str('OverallTotalDeliveryStatus', 1, { readOnly: true }), p.str('OverallSDDocumentRejectionSts', 1, { readOnly: true }),
    p.str('HeaderBillingBlockReason', 2), p.str('DeliveryBlockReason', 2),
  ],
  item: [
    p.key('SalesOrder', 10), p.key('SalesOrderItem', 6), p.str('SalesOrderItemCategory', 4), p.str('SalesOrderItemText', 40), p.str('Material', 40),
    p.dec('RequestedQuantity', 15, 3, { unit: 'RequestedQuantityUnit' }), p.str('RequestedQuantityUnit', 3),
    p.dec('NetAmount', 16, 3, { currency: 'TransactionCurrency', readOnly: true }), p.str('TransactionCurrency', 5), p.str('ProductionPlant', 4),
    p.str('SDProcessStatus', 1, { readOnly: true }), p.str('DeliveryStatus', 1, { readOnly: true }),
  ],
  element: [
    p.key('SalesOrder', 10), p.key('SalesOrderItem', 6), p.key('PricingProcedureStep', 3), p.key('PricingProcedureCounter', 3), p.str('ConditionType', 4),
    p.dec('ConditionRateValue', 24, 9), p.str('ConditionCurrency', 5), p.dec('ConditionQuantity', 5, 0, { unit: 'ConditionQuantityUnit' }),
    p.str('ConditionQuantityUnit', 3), p.dec('ConditionAmount', 16, 3, { currency: 'TransactionCurrency', readOnly: true }), p.str('TransactionCurrency', 5),
    p.bool('ConditionIsManuallyChanged'),
  ],
};
