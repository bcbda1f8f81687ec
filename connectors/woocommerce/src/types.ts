/** The parts of WooCommerce REST API v3 resources the connector reads. */

export interface WooTerm {
  id: number;
  name: string;
  slug: string;
}

export interface WooImage {
  id: number;
  src: string;
  alt: string;
}

export interface WooProduct {
  id: number;
  name: string;
  slug: string;
  type: 'simple' | 'variable' | 'grouped' | 'external' | 'variation';
  status: string;
  description: string;
  short_description: string;
  sku: string;
  global_unique_id?: string;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  date_created_gmt: string;
  categories?: WooTerm[];
  tags?: WooTerm[];
  brands?: WooTerm[];
  images?: WooImage[];
  variations?: number[];
  /** Set on variations, which `products?sku=` lists too. */
  parent_id?: number;
}

export interface WooVariation {
  id: number;
  parent_id?: number;
  sku: string;
  global_unique_id?: string;
  status: string;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  menu_order: number;
  attributes: { id: number; name: string; option: string }[];
}

export interface WooAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  phone?: string;
}

export interface WooBilling extends WooAddress {
  email: string;
}

export interface WooLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  subtotal: string;
  subtotal_tax: string;
  total: string;
  total_tax: string;
  sku: string | null;
  /** A float in WooCommerce; never used for money here. */
  price: number;
}

export interface WooOrder {
  id: number;
  number: string;
  status: string;
  currency: string;
  prices_include_tax: boolean;
  date_created_gmt: string;
  date_modified_gmt: string;
  discount_total: string;
  shipping_total: string;
  total: string;
  total_tax: string;
  customer_id: number;
  billing: WooBilling;
  shipping: WooAddress;
  line_items: WooLineItem[];
}

export interface WooCustomer {
  id: number;
  date_created_gmt: string;
  date_modified_gmt: string;
  email: string;
  first_name: string;
  last_name: string;
  role: string;
  username: string;
  billing: WooBilling;
  shipping: WooAddress;
}

export interface WooWebhook {
  id: number;
  name: string;
  status: 'active' | 'paused' | 'disabled';
  topic: string;
  delivery_url: string;
}

/** A `WP_Error` as the REST API renders it. */
export interface WooErrorBody {
  code: string;
  message: string;
  data?: { status?: number };
}
