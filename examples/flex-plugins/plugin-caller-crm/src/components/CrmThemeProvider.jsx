import React from 'react';

/** The plugin's provider (`setProviders({ CustomProvider })`): every contribution renders inside it. */
const CrmThemeProvider = ({ children }) => <div className="caller-crm-theme">{children}</div>;

export default CrmThemeProvider;
