package io.storecast.attribution.domain;

/** How a promoter's link touched the customer. */
public enum TouchKind { RESERVE, JOIN, CHECKOUT }
